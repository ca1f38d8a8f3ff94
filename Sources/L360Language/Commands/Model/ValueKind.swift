import L360JSON
import L360Schema
import OrderedCollections

/// What a positional slot or a `key=` accepts; conversion, `check`, completion and help all follow from it.
public enum ValueKind: Sendable, Equatable {
  /// A 24-character hexadecimal id of the named thing ("integration", "group", ...), or a value that carries one
  /// (an object with `_id`, a job).
  case id(String)
  /// Text; a number is taken as its digits.
  case text
  /// A file that is read: completion offers file names, `check` verifies a literal name exists and is readable.
  case inputFile
  /// A file that is written.
  case outputFile
  /// `true` or `false`.
  case bool
  /// A whole number in a range.
  case integer(ClosedRange<Int>)
  /// A duration: `500ms`, `30s`, `10m`, `1h`, or seconds.
  case duration
  /// One word of a fixed set.
  case choice([String])
  /// An absolute `https://` URL.
  case url
  /// Any value (a list of items, a body, ...).
  case expression

  /// The values completion offers and help lists, when the set is fixed.
  public var fixedValues: [String]? {
    switch self {
    case .choice(let values): values
    case .bool: ["true", "false"]
    default: nil
    }
  }

  /// How usage lines write a slot of this kind named `name`: `course|path-session`, `INTEGRATION`, `FILE`.
  func placeholder(_ name: String) -> String {
    switch self {
    case .choice(let values): return values.joined(separator: "|")
    case .integer(let range) where range.upperBound != Int.max: return "\(range.lowerBound)..\(range.upperBound)"
    case .integer: return "N"
    case .duration: return "DURATION"
    case .url: return "URL"
    default: return name.uppercased()
    }
  }

  /// The same words a run and `check` use when `value` does not fit; nil when it fits.
  func problem(with value: Value, as name: String) -> String? {
    do {
      switch self {
      case .id(let what):
        guard let text = Self.idText(value) else {
          return "\(what) must be an id or an object with an _id, not \(value.typeWithArticle)"
        }
        _ = try ValueRules.id(what, text)
      case .text, .inputFile, .outputFile:
        guard Self.text(value) != nil else { return "\(name) must be text, not \(value.typeWithArticle)" }
      case .bool:
        guard case .bool = value else { return "\(name) must be true or false" }
      case .integer(let range):
        guard case .number(let n) = value, let i = n.intValue else { return "\(name) must be a whole number" }
        if !range.contains(i) {
          return range.upperBound == Int.max
            ? "\(name) must be a whole number of \(range.lowerBound) or more, not \(i)"
            : "\(name) must be from \(range.lowerBound) to \(range.upperBound), not \(i)"
        }
      case .duration: _ = try ValueRules.duration(name, value)
      case .choice(let values):
        guard let text = Self.text(value), values.contains(text) else {
          let shown = Self.text(value).map { "'\($0)'" } ?? value.typeWithArticle
          let hint = Self.text(value).flatMap { closest(to: $0, among: values) }.map { "did you mean '\($0)'? " } ?? ""
          return "\(shown) is not a valid \(name) (\(hint)expected: \(values.joined(separator: ", ")))"
        }
      case .url:
        guard let text = Self.text(value), text.hasPrefix("https://"), text.count > "https://".count else {
          return "\(name) must be an https:// URL"
        }
      case .expression: break
      }
    } catch {
      return error.message
    }
    return nil
  }

  /// Text, with a number taken as its digits (an id or external id of digits lexes as a number).
  static func text(_ value: Value) -> String? {
    switch value {
    case .string(let s): s
    case .number(let n): n.text
    default: nil
    }
  }

  /// The id a value carries: itself as text, an object's `_id` (an integration) or `id` (a job), a job's id.
  static func idText(_ value: Value) -> String? {
    switch value {
    case .string(let s): s
    case .number(let n): n.text
    case .object(let o): o["_id"]?.json.stringValue ?? o["id"]?.json.stringValue
    case .job(let j): j.id
    default: nil
    }
  }
}
