import Foundation
import L360Client
import L360JSON
import L360Schema
import OrderedCollections

/// What may name a bulk operation where a job is expected (`await`, `jobs get`): a job, an operation id, its
/// `Location` (an absolute URL or a path), or the result of a `request` whose answer carried a `Location`. So any
/// bulk endpoint reached with `request` is awaited with the same polling, progress and per-item results.
enum OperationReference {
  /// The operation id `value` names, or why it names none.
  static func id(in value: Value) -> Result<String, Refusal> {
    switch value {
    case .string(let text): return id(in: text)
    case .object(let members):
      let headers = members["headers"].flatMap { header -> [String: Value]? in
        guard case .object(let fields) = header else { return nil }
        return Dictionary(uniqueKeysWithValues: fields.map { ($0.key.lowercased(), $0.value) })
      }
      if let location = headers?["location"], case .string(let text) = location { return id(in: text) }
      if let status = members["status"], headers != nil {
        return .failure(
          Refusal(
            "this request's answer (status \(status.displayText)) has no Location header: only a bulk submission answered 202 names an operation"
          ))
      }
      if let id = members["_id"], case .string(let text) = id, isObjectId(text) { return .success(text) }
      return .failure(Refusal("an object without a Location header or an operation _id"))
    default:
      return .failure(Refusal(value.typeWithArticle))
    }
  }

  /// The id in an operation id, `/api/v2/bulk/operations/ID`, or a URL ending so.
  static func id(in text: String) -> Result<String, Refusal> {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if isObjectId(trimmed) { return .success(trimmed) }
    let path = URL(string: trimmed).map { $0.path.isEmpty ? trimmed : $0.path } ?? trimmed
    let segments = path.split(separator: "/").map(String.init)
    if segments.count == 5, segments[0..<4] == ["api", "v2", "bulk", "operations"], isObjectId(segments[4]) {
      return .success(segments[4])
    }
    return .failure(
      Refusal(
        "\"\(trimmed.prefix(80))\" is neither an operation id (24 hexadecimal characters) nor a Location like /api/v2/bulk/operations/ID"
      ))
  }

  /// The operation as a job to await or inspect: its status now, and its results when it has finished.
  static func attach(_ id: String, _ context: CommandContext) async throws -> Job {
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
    return job
  }

  /// Why a value names no operation.
  struct Refusal: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
  }
}
