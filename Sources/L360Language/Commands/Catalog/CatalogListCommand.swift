import L360Client
import L360Schema

/// `catalog list course|path-session in GROUP`.
struct CatalogListCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["catalog", "list"],
    forms: [Form(.value("type", .choice(CatalogChange.contentTypes)), .word("in"), .value("group", .id("group")))],
    effect: .reads,
    summary: "The content ids in a group's catalog (GET /api/v2/groups/{id}/catalog/{type}-ids).",
    example: "catalog list course in 5ae6f360c3b99d7884975380")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let ids = try await context.client().catalogContentIds(
      groupId: arguments.required("group"), contentType: arguments.required("type"))
    return .list(ids.map(Value.string))
  }
}
