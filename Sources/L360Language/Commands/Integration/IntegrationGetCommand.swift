import L360Client

/// `integration get ID` or `integration get platform=P group=G`: one integration, or null when there is none.
struct IntegrationGetCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["integration", "get"], forms: [Form(.value("integration", .id("integration"))), Form()],
    keys: [
      KeyDeclaration("platform", .text, "the external platform (with group=, instead of an id)"),
      KeyDeclaration("group", .id("group"), "the integration's group (with platform=)"),
    ],
    effect: .reads,
    summary:
      "One integration by id, or by platform and group; null when there is none (reads GET /api/v2/integrations).",
    example: "integration get platform=myPlatform group=62be0535045424d93edaad7b",
    setup: IntegrationSettings.exampleSetup)

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let id = try await arguments.text("integration")
    let platform = try await arguments.text("platform")
    let group = try await arguments.text("group")
    if id == nil, platform == nil || group == nil {
      throw arguments.fail("integration get takes an id, or both platform= and group=")
    }
    let found = try await context.client().findIntegration(id: id, externalPlatform: platform, groupId: group)
    return found.map { Value($0.json) } ?? .null
  }
}
