import L360Client
import L360JSON

/// `courses upsert from FILE into INTEGRATION` or `courses upsert EXPRESSION into INTEGRATION`.
struct CoursesUpsertCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["courses", "upsert"],
    forms: [
      Form(.word("from"), .value("file", .inputFile), .word("into"), .value("integration", .id("integration"))),
      Form(.value("courses", .expression), .word("into"), .value("integration", .id("integration"))),
    ],
    effect: .writes,
    summary:
      "Create or replace external courses by externalId (PUT /api/v2/bulk/integrations/{id}/courses); returns a job.",
    example: "let job = courses upsert from courses.json into $i", setup: IntegrationSettings.exampleSetup)

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let kind = BulkKind.upsertCourses(integrationId: try await arguments.required("integration"))
    return try await BulkInputArgument.submit(kind, arguments, file: "file", items: "courses", context)
  }
}
