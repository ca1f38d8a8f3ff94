import L360Client
import L360JSON

/// `courses archive ID... from INTEGRATION` or `courses archive from FILE in INTEGRATION`.
struct CoursesArchiveCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["courses", "archive"],
    forms: [
      Form(.word("from"), .value("file", .inputFile), .word("in"), .value("integration", .id("integration"))),
      Form(.values("external-id", .expression), .word("from"), .value("integration", .id("integration"))),
    ],
    effect: .destructive,
    summary: "Archive external courses by externalId (DELETE /api/v2/bulk/integrations/{id}/courses); returns a job.",
    example: "courses archive ext-1 ext-2 from $i", setup: IntegrationSettings.exampleSetup)

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let kind = BulkKind.archiveCourses(integrationId: try await arguments.required("integration"))
    if arguments.has("file") { return try await BulkInputArgument.submit(kind, arguments, file: "file", context) }
    // Each argument is an external id, or a list of them (or of items).
    var items: [JSONValue] = []
    for value in try await arguments.values("external-id") {
      switch value {
      case .string, .number: items.append(value.json)
      case .list(let list): items += list.map(\.json)
      default:
        throw arguments.fail("an external id must be text, not \(value.typeWithArticle)", at: "external-id")
      }
    }
    return try await context.bulk.submit(kind, items, ItemOrigin(), context)
  }
}
