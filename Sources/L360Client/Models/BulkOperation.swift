public import Foundation
public import L360JSON
import OrderedCollections

/// A bulk operation's status as `GET /api/v2/bulk/operations/{id}` reports it.
public struct BulkOperation: Sendable, Equatable {
  /// The API's JSON, as received.
  public let json: JSONValue

  /// Wraps a bulk operation JSON; fails without `_id` and `status`.
  public init(json: JSONValue) throws(UnexpectedResponseError) {
    guard json["_id"]?.stringValue != nil, json["status"]?.stringValue != nil else {
      throw UnexpectedResponseError(operation: "bulk operation", detail: "no _id or status in \(json)")
    }
    self.json = json
  }

  /// `_id`.
  public var id: String { json["_id"]?.stringValue ?? "" }
  /// `type` ("importExternalCourses", "removeContentsFromGroupsCatalog", ...).
  public var type: String { json["type"]?.stringValue ?? "" }
  /// `status`: pending, queued, running, completed or error.
  public var status: String { json["status"]?.stringValue ?? "" }
  /// True once the operation is `completed` or `error`: its results can be fetched.
  public var isFinished: Bool { status == "completed" || status == "error" }
  /// `progress.index`: the index of the last processed element, when running or finished.
  public var progressIndex: Int? { json["progress"]?["index"]?.intValue }
  /// `errorMessage` of an operation in `error`.
  public var errorMessage: String? { json["errorMessage"]?.stringValue }
  /// `createdAt`.
  public var createdAt: String? { json["createdAt"]?.stringValue }
}

/// What a bulk submission returns: enough to await the operation now or re-attach to it later.
public struct BulkJobHandle: Sendable, Equatable, Hashable {
  /// The bulk operation id (the last path segment of `Location`).
  public let id: String
  /// The absolute status URL from the `Location` header.
  public let location: URL
  /// The bulk operation type ("importExternalCourses", ...).
  public let type: String
  /// How many input items were submitted.
  public let itemCount: Int

  /// Makes a handle.
  public init(id: String, location: URL, type: String, itemCount: Int) {
    self.id = id
    self.location = location
    self.type = type
    self.itemCount = itemCount
  }
}

/// One entry of a bulk operation's results: the input echoed back, and success with a
/// resource id or error with a message.
public struct BulkItemResult: Sendable, Equatable {
  /// The API's JSON, as received.
  public let json: JSONValue

  /// Wraps one result object.
  public init(json: JSONValue) { self.json = json }

  /// `input`: the item as submitted.
  public var input: JSONValue { json["input"] ?? .null }
  /// True when `status` is "success".
  public var succeeded: Bool { json["status"]?.stringValue == "success" }
  /// `resourceId` of a successful item.
  public var resourceId: String? { json["resourceId"]?.stringValue }
  /// `errorMessage` of a failed item.
  public var errorMessage: String? { json["errorMessage"]?.stringValue }
}

/// A finished bulk operation with every per-item result.
public struct BulkJobOutcome: Sendable, Equatable {
  /// The operation's final status.
  public let operation: BulkOperation
  /// The results response's body, as received.
  ///
  /// A JSON array with one result per input item (`[]` when there were none). Kept as text: a caller that stores results need not write them out again.
  public let resultsBody: [UInt8]
  /// Whether each result's `status` is "success", in order, read without parsing the whole body.
  public let resultSucceeded: [Bool]

  /// Makes an outcome from results in memory.
  public init(operation: BulkOperation, results: [BulkItemResult]) {
    self.operation = operation
    var body: [UInt8] = [UInt8(ascii: "[")]
    for (i, result) in results.enumerated() {
      if i > 0 { body.append(UInt8(ascii: ",")) }
      JSONWriter.appendCompact(result.json, to: &body)
    }
    body.append(UInt8(ascii: "]"))
    resultsBody = body
    resultSucceeded = results.map(\.succeeded)
  }

  /// Makes an outcome from a results response body; throws when it is not a JSON array.
  init(operation: BulkOperation, resultsBody: [UInt8]) throws(UnexpectedResponseError) {
    self.operation = operation
    self.resultsBody = resultsBody
    if let statuses = JSONScanner.memberStrings("status", inArrayOfObjects: resultsBody) {
      resultSucceeded = statuses.map { $0 == "success" }
    } else {
      // Not the usual shape (or not JSON): the parser decides, and names the problem.
      guard case .array(let items)? = try? JSONParser.parse(bytes: resultsBody) else {
        throw UnexpectedResponseError(operation: "jobs results", detail: "results that are not a JSON array")
      }
      resultSucceeded = items.map { $0["status"]?.stringValue == "success" }
    }
  }

  /// One result per input item, as the API returned them (parsed from ``resultsBody`` on each use).
  public var results: [BulkItemResult] {
    ((try? JSONParser.parse(bytes: resultsBody))?.arrayValue ?? []).map(BulkItemResult.init(json:))
  }

  /// How many items succeeded.
  public var succeeded: Int { resultSucceeded.count { $0 } }
  /// How many items failed.
  public var failed: Int { resultSucceeded.count { !$0 } }
}

/// A bulk operation type name with what l360 knows of it.
public enum BulkKind: Sendable, Equatable {
  /// `PUT /api/v2/bulk/integrations/{id}/courses` (importExternalCourses).
  case upsertCourses(integrationId: String)
  /// `DELETE /api/v2/bulk/integrations/{id}/courses` (archiveExternalCourses).
  case archiveCourses(integrationId: String)
  /// `POST /api/v2/bulk/groups/catalog` (addContentsToGroupsCatalog).
  case catalogAdd
  /// `DELETE /api/v2/bulk/groups/catalog` (removeContentsFromGroupsCatalog).
  case catalogRemove
}
