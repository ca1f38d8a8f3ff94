public import Foundation
public import L360JSON
public import L360Schema
import OrderedCollections

extension V2Client {
  /// `PUT /api/v2/bulk/integrations/{id}/courses`: upserts up to 10,000 external courses.
  public func upsertCourses(integrationId: String, courses: [JSONValue]) async throws -> BulkJobHandle {
    try await submit(.upsertCourses(integrationId: integrationId), items: courses)
  }

  /// `DELETE /api/v2/bulk/integrations/{id}/courses`: archives up to 1,000 external courses by `externalId`.
  public func archiveCourses(integrationId: String, externalIds: [String]) async throws -> BulkJobHandle {
    try await submit(
      .archiveCourses(integrationId: integrationId), items: externalIds.map { ["externalId": .string($0)] })
  }

  /// `POST /api/v2/bulk/groups/catalog`: adds up to 20,000 `{groupId, contentType, contentId}` items.
  public func addToCatalog(_ items: [JSONValue]) async throws -> BulkJobHandle {
    try await submit(.catalogAdd, items: items)
  }

  /// `DELETE /api/v2/bulk/groups/catalog`: removes up to 20,000 `{groupId, contentType, contentId}` items.
  public func removeFromCatalog(_ items: [JSONValue]) async throws -> BulkJobHandle {
    try await submit(.catalogRemove, items: items)
  }

  /// Validates `items`, waits for a bulk slot, submits them, and returns the job handle from `Location`.
  ///
  /// Nothing is sent when any item is invalid or there are more items than the endpoint accepts. `beforeSending`
  /// sees the request body once a slot is taken, just before the request leaves (a journal records it there); when
  /// it throws, nothing is sent.
  public func submit(
    _ kind: BulkKind, items: [JSONValue], beforeSending: (_ body: [UInt8]) throws -> Void = { _ in }
  ) async throws -> BulkJobHandle {
    try kind.validate(items)
    var body: [UInt8] = Array(#"{"input":["#.utf8)
    for (i, item) in items.enumerated() {
      if i > 0 { body.append(UInt8(ascii: ",")) }
      JSONWriter.appendCompact(item, to: &body)
    }
    body.append(contentsOf: "]}".utf8)
    return try await submit(kind, validatedBody: body, itemCount: items.count, beforeSending: beforeSending)
  }

  /// Submits a request body `{"input":[...]}` whose `itemCount` items the caller has already validated against
  /// ``BulkKind/itemSchema`` (a bulk statement validates a whole file before sending any of it).
  ///
  /// The count and the integration id are still checked here; nothing is sent when they are wrong.
  public func submit(
    _ kind: BulkKind, validatedBody body: [UInt8], itemCount: Int,
    beforeSending: (_ body: [UInt8]) throws -> Void = { _ in }
  ) async throws -> BulkJobHandle {
    let spec = kind.spec
    if let integrationId = kind.integrationId, !isObjectId(integrationId) {
      throw InputValidationError(
        operation: spec.operation,
        problems: ["integrationId: must be a 24-character hexadecimal id, not \"\(integrationId)\""])
    }
    guard (1...spec.maxItems).contains(itemCount) else {
      throw InputValidationError(
        operation: spec.operation,
        problems: ["/input: has \(itemCount) items; from 1 to \(spec.maxItems) are allowed"])
    }
    let activity = configuration.activity
    try await tracker.acquire(isFinished: isFinished, schedule: configuration.poll) { inFlight, limit in
      activity?(
        .waitingForBulkSlot(operation: spec.operation, inFlight: inFlight, limit: limit, othersHoldSlots: false))
    }
    let response: HTTPResponse
    do {
      try beforeSending(body)
      // When an answer is lost, the operation may exist all the same: look for it before sending the items again.
      let sentAt = Date()
      let check: @Sendable () async throws -> HTTPResponse? = { [self] in
        guard let items = try? JSONParser.parse(bytes: body)["input"]?.arrayValue else { return nil }
        let found: BulkJobHandle?
        do {
          found = try await findSubmission(kind, items: items, sentAfter: sentAt)
        } catch let error as APIError where error.status == 403 {
          // Credentials without bulkOperations:read cannot look: the items go again (every kind l360 sends in
          // chunks is an upsert, an archive or a catalog change, which the API applies idempotently).
          return nil
        }
        guard let found else { return nil }
        return HTTPResponse(status: 202, headers: [("Location", found.location.absoluteString)])
      }
      response = try await perform(
        V2Call(
          operation: spec.operation, method: spec.method, url: url(spec.path), body: body, expected: [202],
          replay: .checkFirst(check: check), isBulkSubmission: true, itemCount: itemCount))
    } catch {
      await tracker.abandoned()
      throw error
    }
    guard let location = response.header("Location"),
      let locationURL = URL(string: location, relativeTo: configuration.server.baseURL)?.absoluteURL
    else {
      await tracker.abandoned()
      throw UnexpectedResponseError(operation: spec.operation, detail: "202 without a Location header")
    }
    let id = locationURL.lastPathComponent
    guard isObjectId(id) else {
      await tracker.abandoned()
      throw UnexpectedResponseError(
        operation: spec.operation, detail: "Location \(location) does not end with an operation id")
    }
    await tracker.submitted(id: id, location: locationURL)
    return BulkJobHandle(id: id, location: locationURL, type: spec.type, itemCount: itemCount)
  }
}

extension V2Client {
  /// Re-attaches to an operation submitted by an earlier run: it counts against the bulk slots until seen finished.
  public func adopt(_ handle: BulkJobHandle) async {
    await tracker.submitted(id: handle.id, location: handle.location)
  }
}

extension BulkKind {
  /// Checks a submission as the client will before sending it: the integration id, the item count
  /// against the endpoint's maximum, and every item against the official schema.
  public func validate(_ items: [JSONValue]) throws(InputValidationError) {
    if let integrationId, !isObjectId(integrationId) {
      throw InputValidationError(
        operation: spec.operation,
        problems: ["integrationId: must be a 24-character hexadecimal id, not \"\(integrationId)\""])
    }
    let violations = SchemaValidator().validate(
      .array(items), against: .array(items: spec.item, maxItems: spec.maxItems), at: "/input")
    if !violations.isEmpty {
      throw InputValidationError(operation: spec.operation, problems: violations.map(\.description))
    }
  }

  /// True for archives and removals: the kinds that take something away, under the guardrails.
  public var isDestructive: Bool { spec.method == "DELETE" }

  /// The kind that `method` on `path` submits ("DELETE /api/v2/bulk/groups/catalog"), or nil when it submits none
  /// of the bulk kinds l360 sends in chunks.
  public init?(method: String, path: String) {
    let segments = path.split(separator: "/").map(String.init)
    if segments.count == 6, segments[0..<4] == ["api", "v2", "bulk", "integrations"], segments[5] == "courses" {
      switch method {
      case "PUT": self = .upsertCourses(integrationId: segments[4])
      case "DELETE": self = .archiveCourses(integrationId: segments[4])
      default: return nil
      }
      return
    }
    switch (method, path) {
    case ("POST", "/api/v2/bulk/groups/catalog"): self = .catalogAdd
    case ("DELETE", "/api/v2/bulk/groups/catalog"): self = .catalogRemove
    default: return nil
    }
  }

  /// An item as the endpoint takes it: an archive accepts a bare external id for `{"externalId": ...}`; other
  /// items are kept as they are.
  public func normalized(_ item: JSONValue) -> JSONValue {
    guard case .archiveCourses = self else { return item }
    switch item {
    case .string(let id): return ["externalId": .string(id)]
    case .number(let n): return ["externalId": .string(n.text)]
    default: return item
    }
  }

  /// The schema of one item of this submission.
  public var itemSchema: Schema { spec.item }
  /// The HTTP method of the submission.
  public var method: String { spec.method }
  /// The API path of the submission.
  public var path: String { spec.path }
  /// The operation in words ("courses upsert").
  public var operationName: String { spec.operation }

  struct Spec {
    var operation: String
    var method: String
    var path: String
    var type: String
    var maxItems: Int
    var item: Schema
  }

  var integrationId: String? {
    switch self {
    case .upsertCourses(let id), .archiveCourses(let id): id
    case .catalogAdd, .catalogRemove: nil
    }
  }

  /// The most items one call accepts (the spec's `maxItems`).
  public var maxItems: Int { spec.maxItems }
  /// The bulk operation type the API reports for this kind.
  public var operationType: String { spec.type }

  var spec: Spec {
    switch self {
    case .upsertCourses(let id):
      Spec(
        operation: "courses upsert", method: "PUT", path: "/api/v2/bulk/integrations/\(id)/courses",
        type: "importExternalCourses", maxItems: BulkLimits.upsertCourses, item: V2Schemas.externalCourse)
    case .archiveCourses(let id):
      Spec(
        operation: "courses archive", method: "DELETE", path: "/api/v2/bulk/integrations/\(id)/courses",
        type: "archiveExternalCourses", maxItems: BulkLimits.archiveCourses, item: V2Schemas.archiveItem)
    case .catalogAdd:
      Spec(
        operation: "catalog add", method: "POST", path: "/api/v2/bulk/groups/catalog",
        type: "addContentsToGroupsCatalog",
        maxItems: BulkLimits.catalog, item: V2Schemas.catalogItem)
    case .catalogRemove:
      Spec(
        operation: "catalog remove", method: "DELETE", path: "/api/v2/bulk/groups/catalog",
        type: "removeContentsFromGroupsCatalog", maxItems: BulkLimits.catalog, item: V2Schemas.catalogItem)
    }
  }
}
