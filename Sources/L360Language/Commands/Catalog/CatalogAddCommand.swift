import L360Client

/// `catalog add course|path-session ID to GROUP`, `catalog add from FILE`, `catalog add EXPRESSION`.
struct CatalogAddCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["catalog", "add"], forms: CatalogChange.forms(groupWord: "to"), effect: .writes,
    summary: "Add content to group catalogs (POST /api/v2/bulk/groups/catalog); returns a job.",
    example: "catalog add course 586d1323bc4937445ed96c37 to 5ae6f360c3b99d7884975380")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    try await CatalogChange.submit(.catalogAdd, arguments, context)
  }
}
