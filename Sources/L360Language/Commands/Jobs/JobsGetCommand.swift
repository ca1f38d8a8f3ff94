import Foundation
import L360Client

/// `jobs get OPERATION`: an operation as a job, to await or inspect (re-attaching from another run). OPERATION is
/// an id, a `Location` (URL or path), or a `request` result that carries one (``OperationReference``).
struct JobsGetCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["jobs", "get"], forms: [Form(.value("operation", .expression))], effect: .reads,
    summary:
      "A bulk operation's status, as a job you can await (GET /api/v2/bulk/operations/{id}); give its id, its Location, or a request result that carries one.",
    example: "let job = jobs get $id",
    setup: IntegrationSettings.exampleSetup + "\nlet up = courses upsert from courses.json into $i\nlet id = $up.id")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let value = try await arguments.value("operation") ?? .null
    switch OperationReference.id(in: value) {
    case .success(let id): return .job(try await OperationReference.attach(id, context))
    case .failure(let refusal):
      throw arguments.fail("jobs get needs a bulk operation: \(refusal.reason)", at: "operation")
    }
  }
}
