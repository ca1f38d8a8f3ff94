public import Foundation
public import L360JSON
import L360Schema
import OrderedCollections

extension V2Client {
  /// `GET /api/v2/bulk/operations/{id}`: an operation's current status.
  public func bulkOperation(id: String) async throws -> BulkOperation {
    try validateId(id, field: "bulkOperationId", operation: "jobs get")
    return try await bulkOperation(at: url("/api/v2/bulk/operations/\(id)"))
  }

  /// GETs an operation's status from its `Location` URL.
  ///
  /// The URL is used only when it is on the API's own origin; otherwise the id is looked up on the
  /// base URL, so a forged `Location` never receives our token.
  public func bulkOperation(of handle: BulkJobHandle) async throws -> BulkOperation {
    let target =
      configuration.server.isSameOrigin(handle.location) ? handle.location : url("/api/v2/bulk/operations/\(handle.id)")
    return try await bulkOperation(at: target)
  }

  func bulkOperation(at target: URL) async throws -> BulkOperation {
    let response = try await perform(V2Call(operation: "jobs get", method: "GET", url: target, expected: [200]))
    return try BulkOperation(json: json(response, operation: "jobs get"))
  }

  /// `GET /api/v2/bulk/operations`, every page, optionally filtered by `status[eq]`, `type[eq]` and
  /// `createdAt[gte]` (whole seconds: the API sets the milliseconds to 0).
  public func listBulkOperations(status: String? = nil, type: String? = nil, createdSince: Date? = nil) async throws
    -> [BulkOperation]
  {
    var query: [(String, String)] = []
    if let status { query.append(("status[eq]", status)) }
    if let type { query.append(("type[eq]", type)) }
    if let createdSince {
      let formatter = ISO8601DateFormatter()
      formatter.formatOptions = [.withInternetDateTime]
      let whole = Date(timeIntervalSince1970: createdSince.timeIntervalSince1970.rounded(.down))
      query.append(("createdAt[gte]", formatter.string(from: whole).replacingOccurrences(of: "Z", with: ".000Z")))
    }
    let items = try await listAll("/api/v2/bulk/operations", query: query, operation: "jobs list")
    return try items.map { try BulkOperation(json: $0) }
  }

  /// `GET /api/v2/bulk/operations/{id}/results`: one result per input item of a finished operation.
  public func bulkOperationResults(id: String) async throws -> [BulkItemResult] {
    let operation = "jobs results"
    try validateId(id, field: "bulkOperationId", operation: operation)
    let response = try await perform(
      V2Call(operation: operation, method: "GET", url: url("/api/v2/bulk/operations/\(id)/results"), expected: [200]))
    guard case .array(let items) = try json(response, operation: operation) else {
      throw UnexpectedResponseError(operation: operation, detail: "results that are not a JSON array")
    }
    return items.map(BulkItemResult.init(json:))
  }

  /// Polls the job until it is `completed` or `error`, then fetches every per-item result.
  ///
  /// `progress` is called with each status seen. Cancelling the task stops polling at once; the
  /// operation keeps running on the server and the same handle can be awaited again later.
  public func awaitJob(
    _ handle: BulkJobHandle, schedule: PollSchedule? = nil,
    progress: (@Sendable (BulkOperation) -> Void)? = nil
  ) async throws -> BulkJobOutcome {
    let schedule = schedule ?? configuration.poll
    var poll = 0
    while true {
      let operation = try await bulkOperation(of: handle)
      progress?(operation)
      if operation.isFinished {
        await tracker.finished(id: operation.id)
        return try BulkJobOutcome(operation: operation, resultsBody: try await finishedResultsBody(of: operation))
      }
      try await configuration.clock.sleep(for: schedule.delay(afterPoll: poll))
      poll += 1
    }
  }

  /// Results of a finished operation; an operation that failed before running has none.
  func finishedResultsBody(of operation: BulkOperation) async throws -> [UInt8] {
    do {
      let operationName = "jobs results"
      try validateId(operation.id, field: "bulkOperationId", operation: operationName)
      return try await perform(
        V2Call(
          operation: operationName, method: "GET", url: url("/api/v2/bulk/operations/\(operation.id)/results"),
          expected: [200])
      ).body
    } catch let error as APIError where error.code == "bulkOperationNotRun" && operation.status == "error" {
      return Array("[]".utf8)
    }
  }

  /// Tells the bulk slot tracker whether one of our operations has finished.
  @Sendable func isFinished(id: String, location: URL) async throws -> Bool {
    let target = configuration.server.isSameOrigin(location) ? location : url("/api/v2/bulk/operations/\(id)")
    return try await bulkOperation(at: target).isFinished
  }
}
