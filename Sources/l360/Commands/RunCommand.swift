import ArgumentParser
import Foundation
import L360Language

/// `l360 run FILE`: runs a checked-in migration script.
struct RunCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run an l360 script.",
    discussion: """
      The script is parsed and checked in full before anything runs: a syntax error, or anything `l360 check` finds (a statement that fits no form of its command, an unknown key, a variable never bound, a missing input file), exits 2 and sends nothing. Running, it stops at the first error, printed as FILE:LINE:COL with the line and a caret. Exit codes: 0 ok, 1 runtime or API failure, 2 usage or syntax error, 3 assertion failed, 130 interrupted. An await whose operation ended in error on the server fails (exit 1, or the catch of a try); items that failed one by one are a line on stderr, and fail the run only with --strict.

      Connection: --base-url or --region, else $L360_BASE_URL, else the profile's; credentials from $L360_CLIENT_ID and $L360_CLIENT_SECRET, else the profile ($XDG_CONFIG_HOME/l360/profiles, mode 0600; --profile NAME or $L360_PROFILE, else [default]), and a secret missing there is asked for without echo. With no credentials anywhere, the embedded sandbox starts in-process (one line on stderr says so).

      A script may start with `#!/usr/bin/env -S l360 run` and be executed directly.

      Examples:
        l360 run migrate.l360 --var group=62be0535045424d93edaad7b
        l360 run migrate.l360 --dry-run
        l360 run report.l360 --output json | jq .status
        l360 run migrate.l360 --resume          # after a crash: send what is left

      Every bulk statement keeps a journal in .l360/journal/ beside the script (or --journal DIR): which chunks were sent and which operation ids the API gave them, written to disk before and after each submission. With --resume, chunks already accepted are re-attached instead of sent again, and a chunk sent without an answer is looked for on the server first. One run holds a journal at a time.
      """
  )

  @Argument(help: "The script to run.", completion: .file(extensions: ["l360"]))
  var file: String

  @OptionGroup var script: ScriptOptions

  @OptionGroup var connection: ConnectionOptions

  /// The root command also declares these flags (for `-c`), and the parser hands a flag given after
  /// `run FILE` to the root; merge both so either position works.
  @ParentCommand var root: L360Command

  func run() async throws {
    guard root.command == nil else { throw ValidationError("-c runs statements itself; give either -c or run FILE") }
    let source = try ScriptFiles.load(file)
    let flags = script.merged(with: root.script)
    let options = flags.options(scriptFolder: URL(fileURLWithPath: file).deletingLastPathComponent().path)
    let settings = try connection.settings(mergedWith: root.connection)
    try await ScriptRunner.run(
      source, settings: settings, options: options,
      variables: try ScriptRunner.variables(flags.variables), report: flags.report)
  }
}

extension Options.OutputFormat: ExpressibleByArgument {}

/// Reads script files for `run` and `check`.
enum ScriptFiles {
  static func load(_ path: String) throws -> SourceFile {
    guard let data = FileManager.default.contents(atPath: path) else {
      Output.error("error: cannot read \(path): \(whyUnreadable(path))")
      throw ExitCode(2)
    }
    return SourceFile(name: path, text: try text(data, name: path), path: path)
  }

  /// The most a script read from standard input may hold: `l360 < /dev/zero` or `yes | l360` would otherwise grow
  /// without end.
  static let standardInputLimit = 16 << 20

  /// The script on standard input, read to its end; more than ``standardInputLimit`` is refused (exit 2).
  static func standardInput() throws -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      data.append(contentsOf: buffer[..<count])
      if data.count > standardInputLimit {
        Output.error(
          "error: the script on standard input is larger than \(standardInputLimit >> 20) MiB; nothing was run. A script that large belongs in a file: l360 run FILE"
        )
        throw ExitCode(2)
      }
    }
    return data
  }

  /// A script's bytes as text: UTF-8, without the byte-order mark some editors write; anything else exits 2.
  static func text(_ data: Data, name: String) throws -> String {
    var bytes = data[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      Output.error("error: \(name) is not UTF-8 text")
      throw ExitCode(2)
    }
    return text
  }
}
