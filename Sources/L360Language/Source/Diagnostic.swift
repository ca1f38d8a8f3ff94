import Foundation

/// What kind of failure a script met; it decides the exit code.
public enum FailureKind: Sendable, Equatable {
  /// Syntax, unknown command or key, bad usage: nothing was executed (exit 2).
  case usage
  /// A runtime or API failure (exit 1).
  case runtime
  /// An `assert` did not hold (exit 3).
  case assertion
  /// The user interrupted (exit 130).
  case interrupted
  /// The user answered no to a question (exit 1); said plainly, without a caret, since nothing is wrong.
  case cancelled
  /// `exit CODE`: the script ended itself with this code; its message, if any, is said plainly.
  case exit(Int32)

  /// True for `exit N`: the script ended itself, nothing went wrong.
  public var isExit: Bool {
    if case .exit = self { return true }
    return false
  }

  /// The process exit code for this kind.
  public var exitCode: Int32 {
    switch self {
    case .usage: 2
    case .runtime, .cancelled: 1
    case .exit(let code): code
    case .assertion: 3
    case .interrupted: 130
    }
  }
}

/// A located error: where in which script, what went wrong, and how bad it is.
///
/// Rendered clang-style: `FILE:LINE:COL: error: MESSAGE`, the source line, and a caret under the range.
public struct ScriptError: Error, Sendable, CustomStringConvertible {
  /// What went wrong, in words a person can act on.
  public var message: String
  /// The kind of failure (decides the exit code).
  public var kind: FailureKind
  /// The source it happened in, if known.
  public var source: SourceFile?
  /// Where in the source.
  public var range: SourceRange?
  /// Extra lines printed after the caret (for example, every item that failed validation).
  public var notes: [String]
  /// The API's error code when the API refused the request (`duplicateExternalPlatform`, `invalidInput`, ...).
  public var code: String?
  /// The HTTP status when the API answered with an error.
  public var status: Int?

  /// Makes an error.
  public init(
    _ message: String, kind: FailureKind = .runtime, source: SourceFile? = nil, range: SourceRange? = nil,
    notes: [String] = []
  ) {
    self.message = message
    self.kind = kind
    self.source = source
    self.range = range
    self.notes = notes
  }

  /// The full report: location line, source line, caret, notes.
  public var description: String {
    switch kind {
    case .cancelled, .exit: return message
    default: break
    }
    guard let source, let range else {
      return (["error: \(message)"] + notes.map { "  \($0)" }).joined(separator: "\n")
    }
    let (line, column) = source.lineAndColumn(of: range.start)
    var text = "\(source.name):\(line):\(column): error: \(message)"
    let lineText = Self.redacted(source.lineText(line))
    text += "\n" + lineText
    let endPosition = source.lineAndColumn(of: range.end)
    let width = endPosition.line == line ? max(1, endPosition.column - column) : max(1, lineText.count - column + 1)
    text += "\n" + String(repeating: " ", count: column - 1) + "^" + String(repeating: "~", count: max(0, width - 1))
    for note in notes { text += "\n  \(note)" }
    return text
  }

  /// The line with secrets masked: the value of `client-secret=` (spaces around `=` too) and a Bearer token
  /// become `***`.
  public static func redacted(_ line: String) -> String {
    var result = line
    for marker in ["client-secret", "client_secret", "Bearer"] {
      var searchStart = result.startIndex
      while let found = result.range(of: marker, options: .caseInsensitive, range: searchStart..<result.endIndex) {
        var valueStart = found.upperBound
        func skipBlanks() {
          while valueStart < result.endIndex, result[valueStart] == " " || result[valueStart] == "\t" {
            valueStart = result.index(after: valueStart)
          }
        }
        skipBlanks()
        if marker != "Bearer" {
          guard valueStart < result.endIndex, result[valueStart] == "=" else {
            searchStart = found.upperBound
            continue
          }
          valueStart = result.index(after: valueStart)
          skipBlanks()
        } else if valueStart == found.upperBound {
          searchStart = found.upperBound
          continue
        }
        var valueEnd = valueStart
        if valueEnd < result.endIndex, result[valueEnd] == "\"" || result[valueEnd] == "'" {
          let quote = result[valueEnd]
          valueEnd = result.index(after: valueEnd)
          while valueEnd < result.endIndex, result[valueEnd] != quote { valueEnd = result.index(after: valueEnd) }
          if valueEnd < result.endIndex { valueEnd = result.index(after: valueEnd) }
        } else {
          while valueEnd < result.endIndex, !result[valueEnd].isWhitespace, result[valueEnd] != ";",
            result[valueEnd] != "\""
          {
            valueEnd = result.index(after: valueEnd)
          }
        }
        result.replaceSubrange(valueStart..<valueEnd, with: "***")
        searchStart = result.index(valueStart, offsetBy: 3, limitedBy: result.endIndex) ?? result.endIndex
      }
    }
    return result
  }

  /// The same error, located at `range` in `source` when it has no location yet.
  public func located(_ source: SourceFile, _ range: SourceRange) -> ScriptError {
    guard self.range == nil else { return self }
    var copy = self
    copy.source = source
    copy.range = range
    return copy
  }
}
