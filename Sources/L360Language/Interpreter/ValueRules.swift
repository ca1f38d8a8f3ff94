import L360JSON

/// Why `set OPTION VALUE` cannot take a value: the message names the values the option takes.
public struct OptionValueError: Error, Sendable {
  /// What the option accepts, in words ("output must be text or json").
  public let message: String
}

extension Options {
  /// Applies `set option value`, or says why the value does not fit.
  ///
  /// One rule for the run and for `l360 check`.
  ///
  /// `option` is one of ``names``; the caller reports unknown ones with a did-you-mean.
  public mutating func set(_ option: String, to value: Value) throws(OptionValueError) {
    func fail(_ message: String) -> OptionValueError { OptionValueError(message: message) }
    switch option {
    case "output":
      guard case .string(let s) = value, let format = OutputFormat(rawValue: s) else {
        throw fail("output must be text or json")
      }
      output = format
    case "dry-run":
      guard case .bool(let b) = value else { throw fail("dry-run must be true or false") }
      dryRun = b
    case "poll-interval", "timeout":
      guard let duration = Self.duration(value) else { throw fail("\(option) must be a duration like 500ms, 2s, 10m") }
      if option == "timeout" { timeout = duration } else { pollInterval = duration }
    case "max-delete":
      guard case .number(let n) = value, let i = n.intValue, i >= 0 else {
        throw fail("max-delete must be a whole number")
      }
      maxDelete = i
    case "concurrency", "chunk-size":
      guard case .number(let n) = value, let i = n.intValue, i >= 1 else {
        throw fail("\(option) must be a whole number of at least 1")
      }
      if option == "concurrency" { concurrency = i } else { chunkSize = i }
    default:
      throw fail("unknown option '\(option)'; options: \(Self.names.joined(separator: ", "))")
    }
  }

  /// A duration from `2s`, `500ms`, `10m` or a number of seconds.
  static func duration(_ value: Value) -> Duration? {
    switch value {
    case .string(let s): DurationValue.parse(s)
    case .number(let n): n.doubleValue >= 0 && n.doubleValue <= 1e9 ? .milliseconds(Int64(n.doubleValue * 1000)) : nil
    default: nil
    }
  }
}
