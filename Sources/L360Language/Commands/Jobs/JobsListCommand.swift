import L360Client
import L360Schema

/// `jobs list [status=S] [type=T]`.
struct JobsListCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["jobs", "list"], forms: [Form()],
    keys: [
      KeyDeclaration("status", .choice(V2Enums.operationStatuses), "only operations in this status"),
      KeyDeclaration("type", .choice(V2Enums.operationTypes), "only operations of this type"),
    ],
    effect: .reads,
    summary: "Bulk operations of the company, newest first, every page (GET /api/v2/bulk/operations).",
    example: "jobs list status=running")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let operations = try await context.client().listBulkOperations(
      status: arguments.text("status"), type: arguments.text("type"))
    return .list(operations.map { Value($0.json) })
  }
}
