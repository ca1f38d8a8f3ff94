import L360Client
import L360JSON
import OrderedCollections

/// `integration update ID key=value...`.
struct IntegrationUpdateCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["integration", "update"], forms: [Form(.value("integration", .id("integration")))],
    keys: IntegrationSettings.keys(required: false), effect: .writes,
    summary: "Change an integration's fields (PATCH /api/v2/integrations/{id}); returns it.",
    example: "integration update $i progress=50", setup: IntegrationSettings.exampleSetup)

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let id = try await arguments.required("integration")
    let changes = try await IntegrationSettings.fields(arguments)
    guard changes.objectValue?.isEmpty == false else {
      throw arguments.fail("integration update needs at least one key=value")
    }
    return Value(try await context.client().updateIntegration(id: id, changes: changes).json)
  }
}
