import Foundation
import L360Client

/// `jobs get ID`: an operation as a job, to await or inspect (re-attaching from another run).
struct JobsGetCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["jobs", "get"], forms: [Form(.value("operation", .id("operation")))], effect: .reads,
    summary: "A bulk operation's status, as a job you can await (GET /api/v2/bulk/operations/{id}).",
    example: "let job = jobs get $id",
    setup: IntegrationSettings.exampleSetup + "\nlet up = courses upsert from courses.json into $i\nlet id = $up.id")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let id = try await arguments.required("operation")
    let client = try await context.client()
    let operation = try await client.bulkOperation(id: id)
    let location = client.configuration.server.baseURL.appendingPathComponent("api/v2/bulk/operations/\(id)")
    let job = Job(
      type: operation.type, total: 0,
      handles: [BulkJobHandle(id: id, location: location, type: operation.type, itemCount: 0)],
      dryRun: false, sources: SourceMap(file: nil, lines: false), journal: nil, recover: nil, submittedHere: false)
    if operation.isFinished {
      let handle = job.handles[0]
      job.finish(handle, try await client.awaitJob(handle))
    }
    return .job(job)
  }
}
