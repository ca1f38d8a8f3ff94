import ArgumentParser

/// `l360 version`: the same line as `l360 --version`, for people who type it as a word.
struct VersionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "version", abstract: "Print the version and the commit l360 was built from.")

  func run() {
    Output.line(L360Version.full)
  }
}
