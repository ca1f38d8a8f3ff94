import L360JSON
import OrderedCollections

extension ScriptError {
  /// True for failures a `try` block catches: everything but an interrupt (Ctrl-C stops the script) and `exit`.
  var isCatchable: Bool {
    switch kind {
    case .interrupted, .exit: false
    default: true
    }
  }

  /// The error as `catch e` binds it: `$e.code`, `$e.message`, `$e.status`, `$e.file`, `$e.line`.
  var value: Value {
    var fields = OrderedDictionary<String, Value>()
    fields["code"] = code.map(Value.string) ?? .string(Self.code(of: kind))
    fields["message"] = .string(message)
    fields["status"] = status.map { .number(JSONNumber($0)) } ?? .null
    fields["file"] = source.map { .string($0.name) } ?? .null
    fields["line"] =
      range.flatMap { range in source.map { .number(JSONNumber($0.lineAndColumn(of: range.start).line)) } } ?? .null
    return .object(fields)
  }

  /// The code of a failure the API did not name: what kind of failure it was.
  static func code(of kind: FailureKind) -> String {
    switch kind {
    case .usage: "usage"
    case .runtime: "runtime"
    case .assertion: "assertion"
    case .cancelled: "cancelled"
    case .interrupted: "interrupted"
    case .exit: "exit"
    }
  }
}
