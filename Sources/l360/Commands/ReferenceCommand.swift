import ArgumentParser
import L360Shell

/// `l360 reference`: prints docs/commands.md (hidden; for maintainers).
struct ReferenceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reference", abstract: "Print the command reference in Markdown (docs/commands.md).",
    shouldDisplay: false)

  func run() throws {
    print(HelpText.commandsMarkdown(), terminator: "")
  }
}
