import Foundation
import L360JSON
import L360Schema

/// The bulk operation types the sandbox simulates, named as the API names them.
enum OperationType: String, Sendable {
  case importExternalCourses
  case archiveExternalCourses
  case importExternalStatistics
  case addContentsToGroupsCatalog
  case removeContentsFromGroupsCatalog
  case addContentsToGroupsLibrary
  case removeContentsFromGroupsLibrary
  case addUsersToGroups
  case removeUsersFromGroups

  /// The spec's `maxItems` for the submission and the schema of one of its items, in one table.
  private var submission: (maxItems: Int, item: Schema) {
    switch self {
    case .importExternalCourses: (BulkLimits.upsertCourses, V2Schemas.externalCourse)
    case .archiveExternalCourses: (BulkLimits.archiveCourses, V2Schemas.archiveItem)
    case .importExternalStatistics: (BulkLimits.statistics, V2Schemas.externalStatistic)
    case .addContentsToGroupsCatalog, .removeContentsFromGroupsCatalog: (BulkLimits.catalog, V2Schemas.catalogItem)
    case .addContentsToGroupsLibrary, .removeContentsFromGroupsLibrary: (BulkLimits.library, V2Schemas.libraryItem)
    case .addUsersToGroups, .removeUsersFromGroups: (BulkLimits.memberships, V2Schemas.membershipItem)
    }
  }

  /// The spec's `maxItems` for the submission.
  var maxItems: Int { submission.maxItems }

  /// The schema of one element of the submission's `input`.
  var itemSchema: Schema { submission.item }

  /// The limit as the API's messages write it: `10,000`.
  var limitText: String {
    let digits = String(maxItems)
    var text = ""
    for (i, digit) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { text += "," }
      text.append(digit)
    }
    return text
  }
}

/// One submitted bulk operation and its timeline.
///
/// Its status is a function of time: pending for the first 10% of the configured duration,
/// queued for the next 10%, running (with progress) until the end, then completed or error.
struct OperationRecord {
  let id: String
  let type: OperationType
  let integrationId: String?
  let input: [JSONValue]
  let createdAt: Date
  let duration: TimeInterval
  /// Ends in `error` after processing half the items (fault knob).
  let willFail: Bool
  /// Per-item results, set when the operation's effects are applied.
  var results: [JSONValue]?

  var queuedAt: Date { createdAt.addingTimeInterval(duration * 0.1) }
  var startedAt: Date { createdAt.addingTimeInterval(duration * 0.2) }
  var endedAt: Date { createdAt.addingTimeInterval(duration) }

  func status(at now: Date) -> String {
    if now >= endedAt { return willFail ? "error" : "completed" }
    if now >= startedAt { return "running" }
    if now >= queuedAt { return "queued" }
    return "pending"
  }

  func isActive(at now: Date) -> Bool { now < endedAt }

  /// How many items are processed at `now`; a failing operation stops halfway.
  func processedCount(at now: Date) -> Int {
    let limit = willFail ? input.count / 2 : input.count
    guard now >= startedAt else { return 0 }
    if now >= endedAt { return limit }
    let fraction = now.timeIntervalSince(startedAt) / max(endedAt.timeIntervalSince(startedAt), 0.000_001)
    return min(limit, Int(Double(input.count) * fraction))
  }

  /// The operation as `GET /api/v2/bulk/operations/{id}` shows it, with only the fields its status requires.
  func json(at now: Date) -> JSONValue {
    let status = status(at: now)
    var value: JSONValue = [
      "_id": .string(id), "type": .string(type.rawValue), "status": .string(status),
      "createdAt": .string(Timestamp.string(createdAt)),
    ]
    if status != "pending" { value["queuedAt"] = .string(Timestamp.string(queuedAt)) }
    if status == "running" || status == "completed" || status == "error" {
      value["startedAt"] = .string(Timestamp.string(startedAt))
      // progress.index is "the index of the last processed element".
      let index = max(0, processedCount(at: now) - 1)
      let updatedAt = min(now, endedAt)
      value["progress"] = ["index": .number(JSONNumber(index)), "updatedAt": .string(Timestamp.string(updatedAt))]
    }
    if status == "completed" || status == "error" { value["endedAt"] = .string(Timestamp.string(endedAt)) }
    if status == "error" {
      value["errorMessage"] = "The bulk operation was interrupted by an internal error (sandbox fault knob)."
    }
    return value
  }
}
