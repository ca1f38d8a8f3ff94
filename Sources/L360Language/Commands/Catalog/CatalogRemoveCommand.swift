import L360Client

/// `catalog remove course|path-session ID from GROUP`, `catalog remove from FILE`, `catalog remove EXPRESSION`.
struct CatalogRemoveCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["catalog", "remove"], forms: CatalogChange.forms(groupWord: "from"), effect: .destructive,
    summary: "Remove content from group catalogs, across groups (DELETE /api/v2/bulk/groups/catalog); returns a job.",
    example: "catalog remove course 586d1323bc4937445ed96c37 from 5ae6f360c3b99d7884975380")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    try await CatalogChange.submit(.catalogRemove, arguments, context)
  }
}
