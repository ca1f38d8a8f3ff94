import L360JSON
import L360Schema

/// A command call matched to its form: the subcommand found, the keys checked.
///
/// The same matching serves running a command and `l360 check`, so both report the same errors.
struct CommandInvocation {
  let call: CommandCall
  let spec: CommandSpec
  let source: SourceFile
  /// Positional arguments after the subcommand.
  let positionals: [CommandArgument]
  /// `key=value` arguments by key.
  let keyed: [String: CommandArgument]

  /// Matches `call` against the command table; throws a located usage error when it does not fit.
  static func match(_ call: CommandCall, _ source: SourceFile) throws(ScriptError) -> CommandInvocation {
    func fail(_ message: String, _ range: SourceRange) -> ScriptError {
      ScriptError(message, kind: .usage, source: source, range: range)
    }
    let forms = CommandTable.forms(of: call.name)
    var positionals = call.arguments.filter { $0.key == nil }
    let spec: CommandSpec
    if forms.count == 1, forms[0].subcommand == nil {
      spec = forms[0]
    } else {
      let subcommands = forms.compactMap(\.subcommand)
      guard let first = positionals.first, case .word(let sub, let range) = first.value else {
        throw fail("'\(call.name)' needs a subcommand: \(subcommands.joined(separator: ", "))", call.nameRange)
      }
      guard let found = CommandTable.spec(call.name, sub) else {
        let hint = closest(to: sub, among: subcommands).map { " (did you mean '\($0)'?)" } ?? ""
        throw fail(
          "unknown subcommand '\(call.name) \(sub)'\(hint); try: \(subcommands.joined(separator: ", "))", range)
      }
      spec = found
      positionals.removeFirst()
    }
    var keyed: [String: CommandArgument] = [:]
    for argument in call.arguments {
      guard let key = argument.key, let keyRange = argument.keyRange else { continue }
      guard spec.keys.contains(where: { $0.name == key }) else {
        let names = spec.keys.map(\.name)
        let hint = closest(to: key, among: names).map { " (did you mean '\($0)'?)" } ?? ""
        let accepted = names.isEmpty ? "it takes no key=value arguments" : "keys: \(names.joined(separator: ", "))"
        throw fail("unknown key '\(key)' for \(spec.fullName)\(hint); \(accepted)", keyRange)
      }
      guard keyed[key] == nil else { throw fail("'\(key)=' is given twice", keyRange) }
      if let values = spec.keys.first(where: { $0.name == key })?.values, case .word(let w, let r) = argument.value,
        !values.contains(w)
      {
        let hint = closest(to: w, among: values).map { "did you mean '\($0)'? " } ?? ""
        throw fail("'\(w)' is not a valid \(key) (\(hint)expected: \(values.joined(separator: ", ")))", r)
      }
      keyed[key] = argument
    }
    return CommandInvocation(call: call, spec: spec, source: source, positionals: positionals, keyed: keyed)
  }

  func fail(_ message: String, _ range: SourceRange? = nil) -> ScriptError {
    ScriptError(message + "\n  usage: \(spec.usage)", kind: .usage, source: source, range: range ?? call.range)
  }

  /// The positional that is the bare word `word` (`from`, `into`, `in`), if any.
  func index(ofWord word: String) -> Int? {
    positionals.firstIndex { if case .word(let w, _) = $0.value { w == word } else { false } }
  }

  /// True when positional `i` is the bare word `word`.
  func isWord(_ i: Int, _ word: String) -> Bool {
    guard positionals.indices.contains(i), case .word(let w, _) = positionals[i].value else { return false }
    return w == word
  }
}
