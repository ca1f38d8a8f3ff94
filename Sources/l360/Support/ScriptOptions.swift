import ArgumentParser
import L360Language

/// The flags that shape how statements run, declared once for `-c`, standard input and `run FILE`.
struct ScriptOptions: ParsableArguments {
  @Option(
    name: .customLong("var"), help: "Predefine $NAME (VALUE is JSON when it parses as JSON, else text). Repeatable.")
  var variables: [String] = []

  @Flag(help: "Validate everything, send reads, and print the writes that would be sent instead of sending them.")
  var dryRun = false

  @Option(
    help:
      "How shown values are printed: text (lists of objects as tables on a terminal), json (one document per line), or table (tables everywhere)."
  )
  var output: Options.OutputFormat = .text

  @Flag(help: "Confirm destructive commands on a real tenant (a script cannot be asked).")
  var yes = false

  @Option(
    help:
      "Send the valid items and write the invalid ones to this JSON Lines file (default: any invalid item stops the run)."
  )
  var skipInvalid: String?

  @Flag(help: "Re-attach to the chunks earlier runs already submitted (from the journal) and send only the rest.")
  var resume = false

  @Option(help: "Keep bulk-statement journals in this folder (default: .l360/journal beside the script).")
  var journal: String?

  @Flag(
    help:
      "Fail an await (exit 1) when any item of the job failed, not only when an operation ended in error on the server."
  )
  var strict = false

  @Flag(
    name: [.customShort("q"), .long],
    help:
      "Say nothing about long phases on stderr (validation, chunks, retries, slow answers, await progress); errors and notes still show."
  )
  var quiet = false

  @Option(
    help: ArgumentHelp(
      "Write a report of the run for CI: JUnit XML when FILE ends in .xml, JSON otherwise.",
      discussion:
        "One test case per command run (FILE:LINE and the statement), with its duration, the located error of a failed one, and the failed items of a finished job with their source lines. Written even when the run fails.",
      valueName: "FILE"))
  var report: String?

  /// These flags merged with the same flags given in another position (ArgumentParser hands a flag written after
  /// `run FILE` to the subcommand and one written before it to the root).
  func merged(with other: ScriptOptions) -> ScriptOptions {
    var merged = self
    merged.variables = other.variables + variables
    merged.dryRun = dryRun || other.dryRun
    merged.output = output == .text ? other.output : output
    merged.yes = yes || other.yes
    merged.skipInvalid = skipInvalid ?? other.skipInvalid
    merged.resume = resume || other.resume
    merged.journal = journal ?? other.journal
    merged.strict = strict || other.strict
    merged.report = report ?? other.report
    merged.quiet = quiet || other.quiet
    return merged
  }

  /// The interpreter's options; journals go beside `scriptFolder` (the working directory when nil).
  func options(scriptFolder: String? = nil) -> Options {
    var options = Options()
    options.dryRun = dryRun
    options.output = output
    options.assumeYes = yes
    options.skipInvalid = skipInvalid
    options.resume = resume
    options.strict = strict
    options.quiet = quiet
    options.journalDirectory = WorkFolders.journal(journal, besideScript: scriptFolder)
    options.stateDirectory = WorkFolders.state(besideScript: scriptFolder)
    return options
  }
}
