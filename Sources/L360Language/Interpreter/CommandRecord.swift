import Foundation
import L360JSON

/// What one run of a command did, for reports (`l360 run --report`): where it is, how long it took, how it ended,
/// and the items of a finished job that failed.
public struct CommandRecord: Sendable {
  /// One item of a job that failed: where it came from (`courses.jsonl:6`) and the API's message.
  public struct FailedItem: Sendable, Equatable {
    /// The input file and line, when known.
    public let source: String?
    /// Why it failed.
    public let message: String
  }

  /// The script's name as messages give it.
  public let file: String
  /// The line the command starts on.
  public let line: Int
  /// The command's text.
  public let statement: String
  /// When it started.
  public let started: Date
  /// How long it ran.
  public let duration: Duration
  /// The located error it ended with, or nil when it succeeded.
  public let failure: ScriptError?
  /// The failed items of the finished job it returned (at most ``maxFailedItems``), and how many there were.
  public let failedItems: [FailedItem]
  /// How many items failed in all (the list above may be cut).
  public let failedItemCount: Int

  /// A report lists this many failed items per command; the count says how many more there were.
  public static let maxFailedItems = 1_000

  init(
    _ call: CommandCall, _ source: SourceFile, started: Date, duration: Duration, failure: ScriptError?, value: Value?
  ) {
    file = source.name
    line = source.lineAndColumn(of: call.range.start).0
    statement = source.text(call.range.start..<call.range.end)
    self.started = started
    self.duration = duration
    self.failure = failure
    if case .job(let job)? = value, job.isFinished, job.failed > 0 {
      failedItemCount = job.failed
      failedItems = job.errors(first: Self.maxFailedItems).map { error in
        FailedItem(
          source: error["source"]?.stringValue, message: error["errorMessage"]?.stringValue ?? "failed")
      }
    } else {
      failedItemCount = 0
      failedItems = []
    }
  }
}
