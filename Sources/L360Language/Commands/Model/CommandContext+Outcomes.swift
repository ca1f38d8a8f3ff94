import Foundation

extension CommandContext {
  /// Writes `bytes` to `path` in one step (a reader never sees half a file), or in a dry run writes nothing and
  /// says what a real run would write. Returns what was done, in words ("saved 3 items to failed.jsonl").
  ///
  /// `action` is the verb phrase ("save 3 items"); a write error is a runtime failure located at `range`.
  public func write(_ bytes: [UInt8], to path: String, named name: String, at range: SourceRange, saying action: String)
    throws -> String
  {
    if options.dryRun { return outcome(action) + " to \(name)" }
    do {
      try AtomicFile.write(bytes, to: path, privacy: .shared)
    } catch {
      // A runtime failure (exit 1), not a usage error: the statements before it have run.
      throw ScriptError(
        "cannot write \(name): \(error.reason); nothing was saved", kind: .runtime, source: source, range: range)
    }
    return outcome(action) + " to \(name)"
  }

  /// What a write-effect step did, in words: "deleted integration X", or in a dry run "dry-run: would delete
  /// integration X" (its request was printed, not sent).
  public func outcome(_ action: String) -> String {
    let (verb, rest) = Self.split(action)
    return options.dryRun ? "dry-run: would \(action)" : "\(Self.pastTense(verb)) \(rest)"
  }

  static func split(_ action: String) -> (String, String) {
    guard let space = action.firstIndex(of: " ") else { return (action, "") }
    return (String(action[..<space]), String(action[action.index(after: space)...]))
  }

  static func pastTense(_ verb: String) -> String { verb.hasSuffix("e") ? verb + "d" : verb + "ed" }
}
