import L360Client

/// `groups get GROUP`: one group.
struct GroupsGetCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["groups", "get"], forms: [Form(.value("group", .id("group")))], effect: .reads,
    summary: "One group: its name, parent and settings (GET /api/v2/groups/{groupId}).",
    example: "groups get 62be0535045424d93edaad7b")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    Value(try await context.client().group(id: try await arguments.required("group")))
  }
}
