import L360Client

/// `groups list`: the company's groups, with their parents.
struct GroupsListCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["groups", "list"], forms: [Form()], effect: .reads,
    summary: "List the company's groups, every page (GET /api/v2/groups); each names its parent (parentId).",
    example: "groups list | select _id, name, parentId")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    .list(try await context.client().listGroups().map(Value.init))
  }
}
