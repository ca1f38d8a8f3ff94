import L360Client

/// What the interpreter needs from the program around it: output, connections and progress.
///
/// The executable and the shell implement it; tests implement it to capture output.
public protocol InterpreterHost: Sendable {
  /// Writes one line of program output (`print`, shown values).
  func output(_ line: String)
  /// Writes one line of information for the user (stderr in scripts).
  func note(_ line: String)
  /// Reports an awaited operation's status (a live line on a terminal, a plain line now and then otherwise).
  func progress(_ job: Job, _ operation: BulkOperation, processed: Int)
  /// Says what a long phase is doing ("courses upsert: checking courses.jsonl: 20000 items (41000/s)"), for the
  /// status line; `phase` names the kind of line (`checking`, `sending`), which throttling keeps apart; `always`
  /// when it must not be skipped by throttling (a retry). The default says nothing.
  func activity(_ text: String, phase: String, always: Bool)
  /// Opens a connection; credentials default to the environment or profile the host knows.
  func connect(_ target: ConnectTarget, credentials: Credentials?) async throws -> Connection
  /// The connection to use when a script has not said `connect`.
  func defaultConnection() async throws -> Connection
  /// Shows a statement's value (the default prints ``Value/rendered(as:)``; the shell adds colour).
  func show(_ value: Value, as format: Options.OutputFormat)
  /// Asks the user a yes/no question; in a script no one can answer (the default).
  func confirm(_ question: String) async -> ConfirmationAnswer
}

/// The answer to a yes/no question.
public enum ConfirmationAnswer: Sendable, Equatable {
  /// The user said yes.
  case yes
  /// The user said no: the action is cancelled.
  case no
  /// No one can answer (a script, or no terminal): the action needs `--yes`.
  case cannotAsk
}

extension InterpreterHost {
  /// Prints the value as text or JSON.
  public func show(_ value: Value, as format: Options.OutputFormat) {
    output(value.rendered(as: format))
  }

  /// Says nothing: hosts without a status line (tests, captures) keep their output to what statements print.
  public func activity(_ text: String, phase: String, always: Bool) {}

  /// No one can answer in a script: removals on a real tenant need `--yes` there.
  public func confirm(_ question: String) async -> ConfirmationAnswer { .cannotAsk }
}
