import L360JSON
import L360Schema
import OrderedCollections

extension SandboxState {
  /// `GET /api/v2/courses`: native and external courses, filtered as the spec allows, 500 a page.
  func listCourses(_ request: SandboxRequest) -> SandboxResponse {
    list(Array(courses.values), request, path: "/api/v2/courses")
  }

  /// `GET /api/v2/courses/{courseId}`; 404 `courseNotFound` for an id no course has.
  func getCourse(id: String) -> SandboxResponse {
    guard let course = courses[id] else {
      return .error(404, "courseNotFound", "The given courseId does not correspond to any existing course.")
    }
    return .json(200, course)
  }

  /// `GET /api/v2/paths`, 200 a page.
  func listPaths(_ request: SandboxRequest) -> SandboxResponse {
    list(Array(paths.values), request, path: "/api/v2/paths")
  }

  /// `GET /api/v2/paths/{pathId}`; 404 `pathNotFound`.
  func getPath(id: String) -> SandboxResponse {
    guard let path = paths[id] else { return pathNotFound() }
    return .json(200, path)
  }

  /// `GET /api/v2/paths/sessions`: the sessions of every path, without their translations, 500 a page.
  func listAllPathSessions(_ request: SandboxRequest) -> SandboxResponse {
    let sessions = pathSessions.values.map { session -> JSONValue in
      var trimmed = session
      trimmed["translations"] = nil
      return trimmed
    }
    return list(sessions, request, path: "/api/v2/paths/sessions", fields: ["sessionId": "_id"])
  }

  /// `GET /api/v2/paths/{pathId}/sessions`, 100 a page; 404 `pathNotFound`.
  func listPathSessions(pathId: String, _ request: SandboxRequest) -> SandboxResponse {
    guard paths[pathId] != nil else { return pathNotFound() }
    let sessions = pathSessions.values.filter { $0["pathId"]?.stringValue == pathId }
    return list(sessions, request, path: "/api/v2/paths/\(pathId)/sessions")
  }

  /// `GET /api/v2/paths/{pathId}/sessions/{sessionId}`: 404 `pathNotFound` or `sessionNotFound`, and 400
  /// `sessionNotBelongToPath` for a session of another path.
  func getPathSession(pathId: String, sessionId: String) -> SandboxResponse {
    guard paths[pathId] != nil else { return pathNotFound() }
    guard let session = pathSessions[sessionId] else {
      return .error(404, "sessionNotFound", "The given sessionId does not correspond to any existing session.")
    }
    guard session["pathId"]?.stringValue == pathId else {
      return .error(400, "sessionNotBelongToPath", "The given session does not belong to the given path.")
    }
    return .json(200, session)
  }

  private func pathNotFound() -> SandboxResponse {
    .error(404, "pathNotFound", "The given pathId does not correspond to any existing path.")
  }

  /// One page of `items` after the filters `GET path` declares, with the `Link` of the next page; the page size
  /// is the operation's, from the operation index.
  func list(_ items: [JSONValue], _ request: SandboxRequest, path: String, fields: [String: String] = [:])
    -> SandboxResponse
  {
    guard let cursor = cursor(of: request) else { return .error(400, "invalidInput", "The next cursor is invalid.") }
    let operation = OperationIndex.operation(method: "GET", path: path)
    let filter = ListFilter(query: cursor.filters, declared: operation?.queryParameters ?? [], fields: fields)
    return page(
      items.filter(filter.matches), pageSize: operation?.pageSize ?? 500, path: path, filters: cursor.filters,
      offset: cursor.offset)
  }
}

extension SandboxState {
  /// An imported external course as the course lists show it: type `external`, in the integration's group, with the
  /// platform's name; its creation date kept across upserts.
  func listedCourse(_ id: String, _ item: JSONValue, integration: JSONValue) -> JSONValue {
    let now = JSONValue.string(Timestamp.string(now()))
    let lang = item["defaultLang"] ?? "en"
    let translations = (item["translations"]?.arrayValue ?? []).map { translation -> JSONValue in
      var fields: JSONValue = [:]
      if let name = translation["translatedFields"]?["name"] { fields["name"] = name }
      return [
        "lang": translation["lang"] ?? lang, "published": true, "translatorIds": [], "translatedFields": fields,
      ]
    }
    var course: JSONValue = [
      "_id": .string(id), "name": item["name"] ?? "", "sourceLang": lang, "defaultLang": lang,
      "authorId": item["authorId"] ?? integration["authorId"] ?? "", "groupId": integration["groupId"] ?? "",
      "coAuthorIds": [], "createdAt": courses[id]?["createdAt"] ?? now, "modifiedAt": now, "status": "published",
      "translations": .array(translations), "type": "external",
      "externalPlatform": integration["externalPlatform"] ?? "", "collaborativeLearning": false,
    ]
    if let duration = item["duration"] { course["duration"] = duration }
    return course
  }

  /// True when a path exists and is not archived: only such a path can be put in a library.
  func isLivePath(_ id: String) -> Bool { paths[id]?["status"]?.stringValue == "published" }

  /// Archives a course: it stays in the course lists with status `archived` and leaves every catalog (a library
  /// keeps it until it is removed from there).
  func archiveCourse(_ id: String) {
    courses[id]?["status"] = "archived"
    courses[id]?["modifiedAt"] = .string(Timestamp.string(now()))
    removeFromAllCatalogs(id)
  }
}
