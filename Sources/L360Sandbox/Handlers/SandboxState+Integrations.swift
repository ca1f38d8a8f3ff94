import Foundation
import L360JSON
import L360Schema
import OrderedCollections

extension SandboxState {
  /// `POST /api/v2/integrations`.
  func createIntegration(_ request: SandboxRequest) -> SandboxResponse {
    guard let body = parseBody(request) else {
      return .error(400, "invalidInput", "The request body must be a JSON object.")
    }
    if let problem = schemaProblems(body, V2Schemas.integrationCreate) {
      return .error(400, "invalidInput", problem)
    }
    let platform = body["externalPlatform"]?.stringValue ?? ""
    let groupId = body["groupId"]?.stringValue ?? ""
    let authorId = body["authorId"]?.stringValue ?? ""
    if let problem = integrationConflicts(platform: platform, groupId: groupId, authorId: authorId, excluding: nil) {
      return problem
    }
    let id = ids.next()
    var stored = body
    stored["_id"] = .string(id)
    integrations[id] = stored
    externalCourses[id] = [:]
    return .json(201, stored)
  }

  /// The 400/404 answers shared by create and update.
  private func integrationConflicts(platform: String, groupId: String, authorId: String, excluding: String?)
    -> SandboxResponse?
  {
    if SeedData.reservedPlatformNames.contains(platform.lowercased()) {
      return .error(400, "reservedPlatformName", "The platform name \"\(platform)\" is reserved.")
    }
    guard groups[groupId] != nil else {
      return .error(404, "groupNotFound", "The given groupId does not correspond to any existing group.")
    }
    guard users.contains(authorId) else {
      return .error(404, "userNotFound", "The given authorId does not correspond to any existing user.")
    }
    let duplicate = integrations.contains { id, existing in
      id != excluding && existing["externalPlatform"]?.stringValue == platform
        && existing["groupId"]?.stringValue == groupId
    }
    if duplicate {
      return .error(
        400, "duplicateExternalPlatform",
        "An integration for the external platform \"\(platform)\" already exists in this group.")
    }
    return nil
  }

  /// `GET /api/v2/integrations` (100 per page, `externalPlatform[eq|ne|in|nin]` filters).
  func listIntegrations(_ request: SandboxRequest) -> SandboxResponse {
    list(Array(integrations.values), request, path: "/api/v2/integrations")
  }

  /// `PATCH /api/v2/integrations/{id}`.
  func updateIntegration(id: String, _ request: SandboxRequest) -> SandboxResponse {
    guard isObjectId(id) else {
      return .error(400, "invalidInput", "integrationId must be a 24-character hexadecimal id.")
    }
    guard var stored = integrations[id] else {
      return .error(
        404, "integrationNotFound", "The given integrationId does not correspond to any existing integration.")
    }
    guard let body = parseBody(request) else {
      return .error(400, "invalidInput", "The request body must be a JSON object.")
    }
    if let problem = schemaProblems(body, V2Schemas.integrationUpdate) {
      return .error(400, "invalidInput", problem)
    }
    for (key, value) in body.objectValue ?? [:] { stored[key] = value }
    if let problem = integrationConflicts(
      platform: stored["externalPlatform"]?.stringValue ?? "", groupId: stored["groupId"]?.stringValue ?? "",
      authorId: stored["authorId"]?.stringValue ?? "", excluding: id)
    {
      return problem
    }
    integrations[id] = stored
    // The spec's PATCH response (BaseIntegrationDTO) has no _id.
    var answer = stored
    answer["_id"] = nil
    return .json(200, answer)
  }

  /// `DELETE /api/v2/integrations/{id}`: also archives its courses.
  func deleteIntegration(id: String) -> SandboxResponse {
    guard let stored = integrations[id] else {
      return .error(
        404, "integrationNotFound", "The given integrationId does not correspond to any existing integration.")
    }
    if SeedData.reservedPlatformNames.contains((stored["externalPlatform"]?.stringValue ?? "").lowercased()) {
      return .error(400, "reservedPlatformName", "Integrations of reserved platforms cannot be deleted.")
    }
    for course in externalCourses[id].map({ Array($0.values) }) ?? [] {
      if let courseId = course["courseId"]?.stringValue { archiveCourse(courseId) }
    }
    externalCourses[id] = nil
    integrations[id] = nil
    return SandboxResponse(status: 204)
  }

  /// `GET /api/v2/integrations/{id}/courses/{externalId}`.
  func getExternalCourse(integrationId: String, externalId: String) -> SandboxResponse {
    guard integrations[integrationId] != nil else {
      return .error(
        404, "integrationNotFound", "The given integrationId does not correspond to any existing integration.")
    }
    let key = externalId.removingPercentEncoding ?? externalId
    guard let course = externalCourses[integrationId]?[key] else {
      return .error(
        400, "courseNotBelongToIntegration", "The given externalId \"\(key)\" does not belong to the given integration."
      )
    }
    return .json(200, course)
  }

  /// `GET /api/v2/groups/{groupId}/catalog/{contentType}-ids` (10,000 per page).
  func listCatalogIds(groupId: String, contentType: String, _ request: SandboxRequest) -> SandboxResponse {
    guard V2Enums.catalogContentTypes.contains(contentType) else {
      return .error(400, "invalidInput", "contentType must be course or path-session.")
    }
    guard let group = groups[groupId] else {
      return .error(404, "groupNotFound", "The given groupId does not correspond to any existing group.")
    }
    let ids = (group.catalog[contentType] ?? []).map { JSONValue.string($0) }
    return list(ids, request, path: "/api/v2/groups/\(groupId)/catalog/\(contentType)-ids")
  }

  /// `GET /api/v2/groups/{groupId}/library/{contentType}-ids` (`course` or `path`), 10,000 a page.
  func listLibraryIds(groupId: String, contentType: String, _ request: SandboxRequest) -> SandboxResponse {
    guard let group = groups[groupId] else {
      return .error(404, "groupNotFound", "The given groupId does not correspond to any existing group.")
    }
    // A content type outside the spec's set holds nothing: the spec documents no 400 here (docs/sandbox.md).
    let ids = (group.library[contentType] ?? []).map { JSONValue.string($0) }
    return list(ids, request, path: "/api/v2/groups/\(groupId)/library/\(contentType)-ids")
  }

  func removeFromAllCatalogs(_ contentId: String) {
    for key in groups.keys {
      for type in V2Enums.catalogContentTypes { groups[key]?.catalog[type]?.remove(contentId) }
    }
  }
}
