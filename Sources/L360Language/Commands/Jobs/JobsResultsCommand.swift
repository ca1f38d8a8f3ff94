import L360Client

/// `jobs results ID`.
struct JobsResultsCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["jobs", "results"], forms: [Form(.value("operation", .id("operation")))], effect: .reads,
    summary: "The per-item results of a finished operation (GET /api/v2/bulk/operations/{id}/results).",
    example: "jobs results $id",
    setup: IntegrationSettings.exampleSetup
      + "\nlet first = courses upsert from courses.json into $i\nawait $first\nlet id = $first.id")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    .list(try await context.client().bulkOperationResults(id: arguments.required("operation")).map { Value($0.json) })
  }
}
