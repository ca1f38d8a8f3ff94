import L360Client

/// A command of the language: one type that declares its form, keys, effect and documentation, and runs.
///
/// ``CommandTable/all`` lists the types; help, usage, completion, `l360 check`, docs/commands.md, the guardrails
/// and dry runs are derived from ``declaration``, so a command is one file plus one line in the table.
public protocol LanguageCommand: Sendable {
  /// The command as data.
  static var declaration: CommandDeclaration { get }
  /// Runs the command with its matched arguments and returns its value.
  ///
  /// Every request it sends goes through the context's client, which holds back writes in a dry run and asks
  /// before destructive ones; a command has no dry-run branch of its own.
  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value
}
