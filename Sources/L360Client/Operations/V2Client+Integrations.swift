import Foundation
public import L360JSON
import L360Schema
import OrderedCollections

extension V2Client {
  /// `POST /api/v2/integrations`: creates an integration configuration.
  ///
  /// Creation is not idempotent. When a request may have reached the server but no answer came back,
  /// the client first lists integrations for that platform and returns the one it finds in the same
  /// group, instead of creating a second one or failing with `duplicateExternalPlatform`.
  public func createIntegration(_ draft: IntegrationDraft) async throws -> Integration {
    let operation = "integration create"
    let body = draft.json
    try validate(body, against: V2Schemas.integrationCreate, operation: operation)
    let check: @Sendable () async throws -> HTTPResponse? = { [self] in
      let existing = try await listIntegrations(externalPlatform: draft.externalPlatform)
      guard let found = existing.first(where: { $0.groupId == draft.groupId }) else { return nil }
      return HTTPResponse(status: 201, body: JSONWriter.compactBytes(found.json))
    }
    let response = try await perform(
      V2Call(
        operation: operation, method: "POST", url: url("/api/v2/integrations"), body: JSONWriter.compactBytes(body),
        expected: [201], replay: .checkFirst(check: check),
        dryRunAnswer: HTTPResponse(status: 201, body: JSONWriter.compactBytes(Self.withPlaceholderId(body)))))
    return try Integration(json: json(response, operation: operation))
  }

  /// Checks a draft against the official schema, as ``createIntegration(_:)`` does before sending.
  public func validateIntegrationDraft(_ draft: IntegrationDraft) throws {
    try validate(draft.json, against: V2Schemas.integrationCreate, operation: "integration create")
  }

  /// `GET /api/v2/integrations`, every page, optionally only those whose `externalPlatform` equals `externalPlatform`.
  public func listIntegrations(externalPlatform: String? = nil) async throws -> [Integration] {
    var query: [(String, String)] = []
    if let externalPlatform { query.append(("externalPlatform[eq]", externalPlatform)) }
    let items = try await listAll("/api/v2/integrations", query: query, operation: "integration list")
    return try items.map { try Integration(json: $0) }
  }

  /// `PATCH /api/v2/integrations/{id}` with the given fields (spec names: `defaultProgress`, ...).
  public func updateIntegration(id: String, changes: JSONValue) async throws -> Integration {
    let operation = "integration update"
    try validateId(id, field: "integrationId", operation: operation)
    try validate(changes, against: V2Schemas.integrationUpdate, operation: operation)
    let response = try await perform(
      V2Call(
        operation: operation, method: "PATCH", url: url("/api/v2/integrations/\(id)"),
        body: JSONWriter.compactBytes(changes), expected: [200],
        dryRunAnswer: HTTPResponse(status: 200, body: JSONWriter.compactBytes(changes))))
    var result = try json(response, operation: operation)
    // The PATCH response schema has no _id; keep the id so the value stays usable.
    if result["_id"] == nil, case .object(var members) = result {
      members.updateValue(.string(id), forKey: "_id", insertingAt: 0)
      result = .object(members)
    }
    return try Integration(json: result)
  }

  /// One integration, by id, or by platform and group; nil when there is none.
  ///
  /// The API has no GET for one integration, so this reads the list (filtered by platform when one is given,
  /// every page) and picks the match.
  public func findIntegration(id: String? = nil, externalPlatform: String? = nil, groupId: String? = nil)
    async throws -> Integration?
  {
    if let id { try validateId(id, field: "integrationId", operation: "integration get") }
    return try await listIntegrations(externalPlatform: externalPlatform).first { integration in
      (id == nil || integration.id == id) && (groupId == nil || integration.groupId == groupId)
    }
  }

  /// The id a dry run gives to what it did not create: 24 zeros, a well-formed id no server issues.
  public static let placeholderId = "000000000000000000000000"

  static func withPlaceholderId(_ body: JSONValue) -> JSONValue {
    guard case .object(var members) = body else { return body }
    members.updateValue(.string(placeholderId), forKey: "_id", insertingAt: 0)
    return .object(members)
  }

  /// `DELETE /api/v2/integrations/{id}`: deletes the configuration and archives its content.
  public func deleteIntegration(id: String) async throws {
    let operation = "integration delete"
    try validateId(id, field: "integrationId", operation: operation)
    _ = try await perform(
      V2Call(operation: operation, method: "DELETE", url: url("/api/v2/integrations/\(id)"), expected: [204]))
  }

  /// `GET /api/v2/integrations/{id}/courses/{externalId}`: one external course as the API stores it.
  public func externalCourse(integrationId: String, externalId: String) async throws -> JSONValue {
    let operation = "courses get"
    try validateId(integrationId, field: "integrationId", operation: operation)
    guard !externalId.isEmpty else {
      throw InputValidationError(operation: operation, problems: ["externalId: must not be empty"])
    }
    let response = try await perform(
      V2Call(
        operation: operation, method: "GET",
        url: url("/api/v2/integrations/\(integrationId)/courses/\(Self.percentEncode(externalId))"), expected: [200]))
    return try json(response, operation: operation)
  }

  /// `GET /api/v2/groups/{groupId}/catalog/{contentType}-ids`, every page.
  public func catalogContentIds(groupId: String, contentType: String) async throws -> [String] {
    let operation = "catalog list"
    try validateId(groupId, field: "groupId", operation: operation)
    guard V2Enums.catalogContentTypes.contains(contentType) else {
      throw InputValidationError(operation: operation, problems: ["contentType: must be course or path-session"])
    }
    let items = try await listAll("/api/v2/groups/\(groupId)/catalog/\(contentType)-ids", operation: operation)
    return items.compactMap(\.stringValue)
  }

  // MARK: - Validation before sending

  func validate(_ body: JSONValue, against schema: Schema, operation: String) throws {
    let violations = SchemaValidator().validate(body, against: schema)
    if !violations.isEmpty {
      throw InputValidationError(operation: operation, problems: violations.map(\.description))
    }
  }

  func validateId(_ id: String, field: String, operation: String) throws {
    guard isObjectId(id) else {
      throw InputValidationError(
        operation: operation, problems: ["\(field): must be a 24-character hexadecimal id, not \"\(id)\""])
    }
  }
}
