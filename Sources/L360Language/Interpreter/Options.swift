import L360Client

/// Settings a script changes with `set`, or the command line with flags.
public struct Options: Sendable {
  /// How shown values are printed.
  public enum OutputFormat: String, Sendable, CaseIterable {
    /// Human-readable: jobs as one line, objects as indented JSON.
    case text
    /// One compact JSON document per shown value, for jq.
    case json
    /// Lists of objects as aligned tables, even off a terminal (where text shows JSON).
    case table
  }

  /// `set output text|json|table`.
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
  /// Where `courses sync` keeps its state files by default (`.l360/state` beside the script, or in the working
  /// directory); nil means a sync must be given `state=FILE`.
  public var stateDirectory: String?
  /// `--resume`: bulk statements re-attach to the chunks their journal shows accepted and send only the rest.
  public var resume = false
  /// `--strict`: an `await` fails when any item failed (by default only an operation that ended in `error` does).
  public var strict = false
  /// `--quiet`: long phases (validation, chunks, retries, slow answers, `await`) say nothing on stderr.
  public var quiet = false
  /// A phase that has lasted less than this says nothing of itself (validation of a small file); tests set zero.
  public var phaseNoticeAfter: Duration = .seconds(1)

  /// Makes default options.
  public init() {}

  /// Names `set` accepts.
  public static let names = [
    "output", "poll-interval", "concurrency", "chunk-size", "timeout", "dry-run", "max-delete",
  ]
}
