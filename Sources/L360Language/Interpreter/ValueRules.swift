import L360JSON
import L360Schema

/// Why a value does not fit where it was given; the message names what would fit.
public struct ValueRuleError: Error, Sendable {
  /// What the setting or key accepts, in words ("output must be text, json or table").
  public let message: String
}

/// The rules for values of `set` options and command keys, shared by a run and by `l360 check`, so both refuse the
/// same values with the same words.
enum ValueRules {
  /// A duration: `2s`, `500ms`, `10m`, `1h`, or a number of seconds.
  static func duration(_ name: String, _ value: Value) throws(ValueRuleError) -> Duration {
    let parsed: Duration? =
      switch value {
      case .string(let s): DurationValue.parse(s)
      case .number(let n):
        n.doubleValue >= 0 && n.doubleValue <= 1e9 ? .milliseconds(Int64(n.doubleValue * 1000)) : nil
      default: nil
      }
    guard let parsed else { throw ValueRuleError(message: "\(name) must be a duration like 500ms, 30s, 10m, 1h") }
    return parsed
  }

  /// A whole number of at least `minimum`.
  static func count(_ name: String, _ value: Value, atLeast minimum: Int) throws(ValueRuleError) -> Int {
    guard case .number(let n) = value, let i = n.intValue, i >= minimum else {
      throw ValueRuleError(
        message: "\(name) must be a whole number " + (minimum == 0 ? "of 0 or more" : "of at least \(minimum)"))
    }
    return i
  }

  /// The code `exit` ends a script with: a whole number from 0 to 255.
  static func exitCode(_ value: Value) throws(ValueRuleError) -> Int32 {
    guard case .number(let n) = value, let code = n.intValue, (0...255).contains(code) else {
      throw ValueRuleError(message: "'exit' needs a whole number from 0 to 255, not \(value.displayText)")
    }
    return Int32(code)
  }

  /// A 24-character hexadecimal ObjectId.
  static func id(_ name: String, _ text: String) throws(ValueRuleError) -> String {
    guard isObjectId(text) else {
      throw ValueRuleError(message: "\(name) must be a 24-character hexadecimal id, not \"\(text)\"")
    }
    return text
  }
}

extension Options {
  /// Applies `set option value`, or says why the value does not fit.
  ///
  /// `option` is one of ``names``; the caller reports unknown ones with a did-you-mean.
  public mutating func set(_ option: String, to value: Value) throws(ValueRuleError) {
    switch option {
    case "output":
      guard case .string(let s) = value, let format = OutputFormat(rawValue: s) else {
        throw ValueRuleError(message: "output must be text, json or table")
      }
      output = format
    case "dry-run":
      guard case .bool(let b) = value else { throw ValueRuleError(message: "dry-run must be true or false") }
      dryRun = b
    case "timeout": timeout = try ValueRules.duration(option, value)
    case "poll-interval": pollInterval = try ValueRules.duration(option, value)
    case "max-delete": maxDelete = try ValueRules.count(option, value, atLeast: 0)
    case "concurrency": concurrency = try ValueRules.count(option, value, atLeast: 1)
    case "chunk-size": chunkSize = try ValueRules.count(option, value, atLeast: 1)
    default:
      throw ValueRuleError(message: "unknown option '\(option)'; options: \(Self.names.joined(separator: ", "))")
    }
  }
}
