import ArgumentParser
import Foundation
import L360Language

/// `l360 check FILE`: syntax and static checks, nothing sent.
struct CheckCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check a script without running it: syntax, commands, keys, variables. Nothing is sent.",
    discussion: """
      Reports every problem found, not just the first: syntax errors, unknown commands and keys with a did-you-mean, values outside a key's allowed set, literal values a run would refuse (a malformed id, progress outside 0-100, a bad duration, a bad `set` value), variables used before `let`, each as FILE:LINE:COL with the line and a caret. Exits 0 when the script is fine, 2 otherwise.

      Example:
        l360 check migrate.l360 --var group=62be0535045424d93edaad7b
      """
  )

  @Argument(help: "The script to check.", completion: .file(extensions: ["l360"]))
  var file: String

  @Option(
    name: .customLong("var"), help: "A variable the script expects from --var (so it is not reported as undefined).")
  var variables: [String] = []

  @ParentCommand var root: L360Command

  func run() async throws {
    guard root.command == nil else { throw ValidationError("-c runs statements itself; give either -c or check FILE") }
    let source = try ScriptFiles.load(file)
    let (script, syntaxErrors) = Parser.parseRecovering(source)
    let predefined = Set(try ScriptRunner.variables(root.script.variables + variables).keys)
    // In file order, so the report reads top to bottom however each problem was found.
    let problems = syntaxErrors + StaticChecker.check(script, predefined: predefined)
    guard problems.isEmpty else {
      Output.problems(problems, in: file)
      throw ExitCode(2)
    }
    Output.line("\(file): ok (\(plural(script.statements.count, "statement")))")
  }
}
