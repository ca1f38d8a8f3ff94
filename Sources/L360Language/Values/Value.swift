import L360JSON
import OrderedCollections

/// A value in an l360 program: JSON data, or a bulk job.
///
/// Jobs are references: `await $job` updates the job every variable holding it sees.
public indirect enum Value: Sendable {
  case null
  case bool(Bool)
  case number(JSONNumber)
  case string(String)
  case list([Value])
  case object(OrderedDictionary<String, Value>)
  case job(Job)

  /// Wraps JSON data.
  public init(_ json: JSONValue) {
    switch json {
    case .null: self = .null
    case .bool(let b): self = .bool(b)
    case .number(let n): self = .number(n)
    case .string(let s): self = .string(s)
    case .array(let a): self = .list(a.map(Value.init))
    case .object(let o): self = .object(o.mapValues(Value.init))
    }
  }

  /// The value as JSON; a job becomes its summary object.
  public var json: JSONValue {
    switch self {
    case .null: .null
    case .bool(let b): .bool(b)
    case .number(let n): .number(n)
    case .string(let s): .string(s)
    case .list(let l): .array(l.map(\.json))
    case .object(let o): .object(o.mapValues(\.json))
    case .job(let j): j.summary
    }
  }

  /// "null", "boolean", "number", "string", "list", "object" or "job".
  public var typeName: String {
    switch self {
    case .null: "null"
    case .bool: "boolean"
    case .number: "number"
    case .string: "string"
    case .list: "list"
    case .object: "object"
    case .job: "job"
    }
  }

  /// The type name with its article, for messages: "null", "a boolean", "an object".
  public var typeWithArticle: String {
    switch self {
    case .null: "null"
    case .object: "an object"
    default: "a \(typeName)"
    }
  }

  /// True for null.
  public var isNull: Bool { if case .null = self { true } else { false } }

  /// Truthiness for `if`, `and`, `or`, `not`: false, null, 0, "" and empty collections are false.
  public var isTruthy: Bool {
    switch self {
    case .null: false
    case .bool(let b): b
    case .number(let n): n.doubleValue != 0
    case .string(let s): !s.isEmpty
    case .list(let l): !l.isEmpty
    case .object(let o): !o.isEmpty
    case .job: true
    }
  }

  /// The text `print` and interpolation use: strings as they are, everything else as compact JSON
  /// (a job as its one-line summary).
  public var displayText: String {
    switch self {
    case .string(let s): s
    case .job(let j): j.line
    default: JSONWriter.compact(json)
    }
  }

  /// How a shown value prints: in text, jobs as one line, strings as they are, the rest as indented
  /// JSON; in json, one compact JSON document.
  public func rendered(as format: Options.OutputFormat) -> String {
    switch (format, self) {
    case (.json, .job(let j)): JSONWriter.compact(j.brief)
    case (.json, _): JSONWriter.compact(json)
    case (.text, .string(let s)), (.table, .string(let s)): s
    case (.text, .job(let j)), (.table, .job(let j)): j.line
    case (.text, .null), (.table, .null): "null"
    case (.text, _), (.table, _): JSONWriter.pretty(json)
    }
  }

  /// Field `name` of an object (or of a job's summary).
  public func member(_ name: String) -> Value? {
    switch self {
    case .object(let o): o[name]
    case .job(let j): j.member(name)
    default: nil
    }
  }
}

extension Value: Equatable {
  /// Structural equality; numbers compare by value (`1 == 1.0`), jobs by identity.
  public static func == (lhs: Value, rhs: Value) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.number(let a), .number(let b)): a.text == b.text || a.doubleValue == b.doubleValue
    case (.string(let a), .string(let b)): a == b
    case (.list(let a), .list(let b)): a == b
    case (.object(let a), .object(let b)): a.count == b.count && a.allSatisfy { b[$0.key] == $0.value }
    case (.job(let a), .job(let b)): a === b
    default: false
    }
  }
}
