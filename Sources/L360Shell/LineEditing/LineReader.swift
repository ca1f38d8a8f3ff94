/// What one read at the prompt gave.
public enum LineInput: Sendable, Equatable {
  /// A line (without its newline).
  case line(String)
  /// Ctrl-C: the line was cleared.
  case interrupted
  /// Ctrl-D on an empty line, or the input closed.
  case endOfInput
}

/// Reads lines at the prompt.
///
/// The terminal implementation uses libedit; tests can script one.
public protocol LineReader: Sendable {
  /// Reads one line after showing `prompt`.
  func read(prompt: String) async -> LineInput
  /// Adds a line to the history (the reader decides what is persisted).
  func remember(_ line: String)
  /// True when Ctrl-C was pressed since the last call (while a statement ran).
  func takeInterrupt() -> Bool
  /// Removes every history entry holding `secret`, in memory and on disk (a secret learned after the line that
  /// bound it was remembered, such as `let s = "..."` later used by `connect`).
  func forget(containing secret: String)
}

extension LineReader {
  /// Readers without a history have nothing to forget.
  public func forget(containing secret: String) {}
}
