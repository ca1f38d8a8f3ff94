import ArgumentParser
import Foundation
import L360Language
import L360Shell

/// The `l360` command line: argument parsing and wiring only; the work lives in the libraries.
@main
struct L360Command: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "l360",
    abstract: "Drive the 360Learning API v2 safely: bulk imports and catalog changes, awaited to the last item.",
    usage: """
      l360 [<options>]                  (the prompt)
      l360 [<options>] -c <statements>
      l360 [<options>] < script.l360
      l360 <subcommand> [<options>]     (run, check, tutorial, demo, sandbox, version)
      """,
    discussion: """
      l360 talks to the 360Learning API v2 with OAuth2 client credentials, the 360-api-version header, pacing, retries and bulk-job polling built in. With no credentials it runs everything against an embedded sandbox that simulates the API on 127.0.0.1.

      Examples:
        l360                           # the prompt: Tab completes, Ctrl-D exits
        l360 tutorial getting-started  # a step-by-step tour on the sandbox
        l360 run migrate.l360          # run a script (sandbox if no credentials)
        l360 -c 'integration list'     # run statements given on the command line
        l360 < migrate.l360            # run a script from standard input
        l360 check migrate.l360        # find mistakes without sending anything
        l360 demo                      # the two v2 flows, end to end, on the sandbox
        l360 sandbox --port 8360       # serve the simulator for your scripts or curl
      """,
    version: L360Version.full,
    subcommands: [
      RunCommand.self, CheckCommand.self, TutorialCommand.self, DemoCommand.self, SandboxCommand.self,
      ReferenceCommand.self, VersionCommand.self,
    ]
  )

  @Option(name: .customShort("c"), help: "Run these statements, then exit.")
  var command: String?

  @OptionGroup var script: ScriptOptions

  @OptionGroup var connection: ConnectionOptions

  /// Parses and runs like ArgumentParser's own entry point, except that a usage error exits 2, not 64.
  ///
  /// l360 promises one set of exit codes (0 ok, 1 failure, 2 usage or syntax error, 3 assertion, 130
  /// interrupted) so scripts that call it can branch on them; ArgumentParser would answer EX_USAGE (64).
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var command = command as? any AsyncParsableCommand {
        try await command.run()
      } else {
        try command.run()
      }
    } catch {
      if exitCode(for: error) == .validationFailure {
        StandardStreams.error(fullMessage(for: error) + "\n")
        exit(withError: ExitCode(2))
      }
      exit(withError: error)
    }
  }

  func run() async throws {
    let options = script.options()
    let source: SourceFile
    if let command {
      source = SourceFile(name: "<command line>", text: command)
    } else if isatty(STDIN_FILENO) == 0 {
      source = SourceFile(name: "<stdin>", text: try ScriptFiles.text(try ScriptFiles.standardInput(), name: "<stdin>"))
    } else {
      if script.report != nil {
        throw ValidationError("--report needs a script to report on: run FILE, -c or standard input")
      }
      let status = await InteractiveShell.run(
        settings: try connection.settings(), options: options, variables: try ScriptRunner.variables(script.variables))
      if status != 0 { throw ExitCode(status) }
      return
    }
    try await ScriptRunner.run(
      source, settings: try connection.settings(), options: options,
      variables: try ScriptRunner.variables(script.variables), report: script.report)
  }
}
