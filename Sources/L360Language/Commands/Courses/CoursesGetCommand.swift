import L360Client

/// `courses get EXTERNAL-ID in INTEGRATION`.
struct CoursesGetCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["courses", "get"],
    forms: [Form(.value("external-id", .text), .word("in"), .value("integration", .id("integration")))],
    effect: .reads,
    summary: "One external course as the API stores it (GET /api/v2/integrations/{id}/courses/{externalId}).",
    example: "courses get ext-101 in $i",
    setup: IntegrationSettings.exampleSetup + "\nlet up = courses upsert from courses.json into $i\nawait $up")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let course = try await context.client().externalCourse(
      integrationId: arguments.required("integration"), externalId: arguments.required("external-id"))
    return Value(course)
  }
}
