import Foundation
import L360Client
import L360Language
import L360Sandbox

/// An interpreter host for tests: output and notes are captured, connections go to one live sandbox.
public final class CapturingHost: InterpreterHost, @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []
  private var notes: [String] = []
  private var progressReports = 0
  private var activities: [String] = []
  /// The sandbox every connection goes to.
  public let sandbox: Sandbox
  /// True to present the sandbox as a real tenant, where destructive commands ask first.
  public let asRealTenant: Bool
  /// What the user answers to yes/no questions.
  public let answer: ConfirmationAnswer
  private var asked: [String] = []

  /// Makes a host around a running sandbox.
  public init(sandbox: Sandbox, asRealTenant: Bool = false, answer: ConfirmationAnswer = .cannotAsk) {
    self.sandbox = sandbox
    self.asRealTenant = asRealTenant
    self.answer = answer
  }

  /// The yes/no questions asked so far.
  public var questions: [String] { lock.withLock { asked } }

  public func confirm(_ question: String) async -> ConfirmationAnswer {
    lock.withLock { asked.append(question) }
    return answer
  }

  /// Lines written with `print` or shown as results.
  public var output: [String] { lock.withLock { lines } }
  /// What long phases said of themselves (the status line in the CLI).
  public var activityLines: [String] { lock.withLock { activities } }
  public func activity(_ text: String, phase: String, always: Bool) { lock.withLock { activities.append(text) } }
  /// Lines written as notes (stderr in the CLI).
  public var noteLines: [String] { lock.withLock { notes } }
  /// How many progress reports `await` made.
  public var progressCount: Int { lock.withLock { progressReports } }

  public func output(_ line: String) { lock.withLock { lines.append(line) } }
  public func note(_ line: String) { lock.withLock { notes.append(line) } }
  public func progress(_ job: Job, _ operation: BulkOperation, processed: Int) {
    lock.withLock { progressReports += 1 }
  }

  public func connect(_ target: ConnectTarget, credentials: Credentials?) async throws -> Connection {
    Connection(
      client: try makeClient(for: sandbox), name: asRealTenant ? "tenant" : "sandbox", isSandbox: !asRealTenant)
  }

  public func defaultConnection() async throws -> Connection {
    try await connect(.sandbox, credentials: nil)
  }
}

/// Runs `text` in a fresh interpreter against a fresh sandbox; returns the host (for its output) and
/// the error, if the script failed.
public func runScript(
  _ text: String, configuration: SandboxConfiguration = SandboxConfiguration(operationDuration: .milliseconds(100)),
  options: Options = Options()
) async throws -> (host: CapturingHost, error: ScriptError?) {
  let sandbox = try await Sandbox.start(configuration)
  let host = CapturingHost(sandbox: sandbox)
  let interpreter = Interpreter(host: host, options: options)
  var failure: ScriptError?
  do {
    try await interpreter.run(text: text, name: "test.l360")
  } catch {
    failure = error
  }
  await sandbox.stop()
  return (host, failure)
}

extension Options {
  /// Options whose shown values are one JSON line each, as `--output json` gives: what a test compares.
  public static var jsonOutput: Options {
    var options = Options()
    options.output = .json
    return options
  }
}
