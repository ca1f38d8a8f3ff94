import L360Client
import L360JSON

/// `integration create platform=P group=G author=A ...`: step 1 of an external course import.
struct IntegrationCreateCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["integration", "create"], forms: [Form()], keys: IntegrationSettings.keys(required: true), effect: .writes,
    summary: "Create an integration configuration (POST /api/v2/integrations); returns it, with its _id.",
    example: IntegrationSettings.exampleSetup)

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    Value(try await create(IntegrationSettings.fields(arguments), context.client()).json)
  }

  /// Creates the integration whose fields (in the API's names) are `body`.
  static func create(_ body: JSONValue, _ client: V2Client) async throws -> Integration {
    let draft = IntegrationDraft(
      externalPlatform: body["externalPlatform"]?.stringValue ?? "", groupId: body["groupId"]?.stringValue ?? "",
      authorId: body["authorId"]?.stringValue ?? "", logoUrl: body["externalPlatformLogoUrl"]?.stringValue,
      unicolorLogoUrl: body["externalPlatformUnicolorLogoUrl"]?.stringValue,
      defaultCompletion: body["defaultCompletion"]?.boolValue, defaultProgress: body["defaultProgress"]?.intValue,
      noGroupPropagation: body["noGroupPropagation"]?.boolValue)
    return try await client.createIntegration(draft)
  }
}
