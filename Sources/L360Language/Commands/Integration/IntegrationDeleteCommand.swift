import L360Client

/// `integration delete ID`: deletes the configuration and archives every course it imported.
struct IntegrationDeleteCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["integration", "delete"], forms: [Form(.value("integration", .id("integration")))], effect: .destructive,
    summary: "Delete an integration and archive its content (DELETE /api/v2/integrations/{id}).",
    example: "integration delete $i", setup: IntegrationSettings.exampleSetup)

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let id = try await arguments.required("integration")
    try await context.client().deleteIntegration(id: id)
    return .string(context.outcome("delete integration \(id)"))
  }
}
