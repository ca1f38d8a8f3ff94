import L360Client

/// `integration list [platform=P]`.
struct IntegrationListCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["integration", "list"], forms: [Form()],
    keys: [KeyDeclaration("platform", .text, "only those of this external platform")], effect: .reads,
    summary: "List integration configurations, every page (GET /api/v2/integrations).",
    example: "integration list platform=myPlatform", setup: IntegrationSettings.exampleSetup)

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let integrations = try await context.client().listIntegrations(externalPlatform: arguments.text("platform"))
    return .list(integrations.map { Value($0.json) })
  }
}
