import L360Client

/// Settings a script changes with `set`, or the command line with flags.
public struct Options: Sendable {
  /// How shown values are printed.
  public enum OutputFormat: String, Sendable {
    /// Human-readable: jobs as one line, objects as indented JSON.
    case text
    /// One compact JSON document per shown value, for jq.
    case json
  }

  /// `set output text|json`.
  public var output: OutputFormat = .text
  /// `set poll-interval 2s`: a fixed polling interval for `await` (default: 0.5 s doubling to 10 s).
  public var pollInterval: Duration?
  /// `set concurrency N`: bulk operations in flight (at most 3 by default, the API's limit).
  public var concurrency: Int = 3
  /// `set chunk-size N`: items per bulk call, at most the endpoint's maximum.
  public var chunkSize: Int?
  /// `set timeout 10m`: the longest an `await` waits (default: no limit).
  public var timeout: Duration?
  /// `set dry-run true`: validate and print requests, send nothing.
  public var dryRun = false
  /// `set max-delete N`: refuse a removal or archive of more than N items before sending anything.
  public var maxDelete: Int?
  /// `--yes`: removals and archives on a real tenant need no confirmation (scripts).
  public var assumeYes = false
  /// `--skip-invalid FILE`: send the valid items and write the invalid ones to FILE (JSON Lines).
  public var skipInvalid: String?

  /// Where bulk statements keep their journals (`.l360/journal` beside the script, or in the working directory);
  /// nil turns journaling off.
  public var journalDirectory: String?
  /// `--resume`: bulk statements re-attach to the chunks their journal shows accepted and send only the rest.
  public var resume = false

  /// Makes default options.
  public init() {}

  /// Names `set` accepts.
  public static let names = [
    "output", "poll-interval", "concurrency", "chunk-size", "timeout", "dry-run", "max-delete",
  ]
}

/// A live connection: the client and the name shown in prompts.
public struct Connection: Sendable {
  /// The client every command uses.
  public let client: V2Client
  /// "sandbox", "eu", "us" or the host.
  public let name: String
  /// True for the embedded simulator.
  public let isSandbox: Bool

  /// Makes a connection.
  public init(client: V2Client, name: String, isSandbox: Bool) {
    self.client = client
    self.name = name
    self.isSandbox = isSandbox
  }
}

/// Where `connect` points.
public enum ConnectTarget: Sendable, Equatable {
  /// The embedded simulator.
  case sandbox
  /// A named region or any URL.
  case server(ServerAddress)
}

/// What the interpreter needs from the program around it: output, connections and progress.
///
/// The executable and the shell implement it; tests implement it to capture output.
public protocol InterpreterHost: Sendable {
  /// Writes one line of program output (`print`, shown values).
  func output(_ line: String)
  /// Writes one line of information for the user (stderr in scripts).
  func note(_ line: String)
  /// Reports an awaited operation's status (a live line on a terminal, nothing otherwise).
  func progress(_ job: Job, _ operation: BulkOperation, processed: Int)
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

  /// No one can answer in a script: removals on a real tenant need `--yes` there.
  public func confirm(_ question: String) async -> ConfirmationAnswer { .cannotAsk }
}
