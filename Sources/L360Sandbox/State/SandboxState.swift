import Foundation
import L360JSON
import L360Schema
import OrderedCollections

/// Everything the simulated company holds, and the logic of every endpoint.
///
/// An actor, so requests are handled one at a time and the state is always consistent. Bulk
/// operations advance lazily: their status is derived from the time since submission, and their
/// effects are applied the first time anyone looks after they complete.
actor SandboxState {
  private(set) var configuration: SandboxConfiguration
  var ids: ObjectIdGenerator
  var random: SplitMix64
  var tokens: [String: Date] = [:]
  var users: Set<String> = Set(SeedData.users)
  var groups: OrderedDictionary<String, GroupRecord> = [:]
  /// Every course by id, as `GET /api/v2/courses/{courseId}` shows it: the seeded native ones and the external ones
  /// the integrations import (archived ones stay, with their status).
  var courses = OrderedDictionary(uniqueKeysWithValues: SeedData.courses.map { ($0.id, $0.json) })
  /// Paths by id (a group's library holds paths and courses).
  var paths = OrderedDictionary(uniqueKeysWithValues: SeedData.paths.map { ($0.id, $0.json) })
  /// Path sessions by id (a group's catalog holds path sessions and courses).
  var pathSessions = OrderedDictionary(
    uniqueKeysWithValues: SeedData.pathSessions.map { ($0.id, $0.json(withTranslations: true)) })
  /// The learners' activity imported for external courses, by attempt id.
  var externalStatistics: OrderedDictionary<String, JSONValue> = [:]
  /// The attempts of each learner on each course (`COURSEID USERID`), oldest first.
  var attemptsByLearner: [String: [String]] = [:]
  var integrations: OrderedDictionary<String, JSONValue> = [:]
  var externalCourses: [String: OrderedDictionary<String, JSONValue>] = [:]
  var operations: OrderedDictionary<String, OperationRecord> = [:]
  var readWindow: [Date] = []
  var writeWindow: [Date] = []
  var recorded: [RecordedRequest] = []
  /// The port the server is bound to, for absolute `Location` and `Link` URLs.
  var boundPort = 0

  var baseURL: String { "http://\(configuration.host):\(boundPort)" }

  func setBoundPort(_ port: Int) { boundPort = port }

  func setFaults(_ faults: FaultSettings) { configuration.faults = faults }

  /// True when a course exists and is not archived: only such a course can be put in a catalog or a library.
  func isLiveCourse(_ id: String) -> Bool { courses[id]?["status"]?.stringValue == "published" }

  func externalCourseIds(integrationId: String) -> [String] {
    externalCourses[integrationId].map { Array($0.keys) } ?? []
  }

  struct GroupRecord {
    var name: String
    var catalog: [String: OrderedSet<String>] = ["course": [], "path-session": []]
    /// The group's library, by content type (`course`, `path`).
    var library: [String: OrderedSet<String>] = ["course": [], "path": []]
    /// The roles of each member, by user id.
    var members: [String: Set<String>] = [:]
  }

  init(configuration: SandboxConfiguration) {
    self.configuration = configuration
    self.ids = ObjectIdGenerator(startSeconds: UInt64(Date().timeIntervalSince1970))
    self.random = SplitMix64(seed: configuration.faults.seed)
    for group in SeedData.groups {
      var record = GroupRecord(name: group.name)
      record.catalog["course"] = [SeedData.courseId, SeedData.secondCourseId]
      record.catalog["path-session"] = [SeedData.pathSessionId]
      record.library["course"] = [SeedData.courseId]
      record.library["path"] = [SeedData.pathId]
      groups[group.id] = record
    }
  }

  // MARK: - Entry point

  /// Handles one request: faults, rate limits, version header, auth, then the endpoint.
  func handle(_ request: SandboxRequest) -> SandboxResponse {
    let response = dispatch(request)
    if configuration.recordRequests {
      recorded.append(RecordedRequest(request: request, response: response))
    }
    return response
  }

  private func dispatch(_ request: SandboxRequest) -> SandboxResponse {
    let isToken = request.path == "/api/v2/oauth2/token"
    var processAndDrop = false
    if !isToken || configuration.faults.includeTokenEndpoint {
      switch injectedFault() {
      case .none: break
      case .serverError(let status):
        return .error(status, "internalError", "Injected server error (sandbox fault knob).")
      case .tooManyRequests:
        return .bareError(429, "tooManyRequests").with(retryAfter: configuration.faults.retryAfterSeconds)
      case .dropBeforeProcessing:
        return .dropped
      case .dropAfterProcessing:
        processAndDrop = true
      }
    }
    if let limited = rateLimit(request) { return limited }
    // Bulk operations that finished since the last request take effect before anything reads state.
    advance(to: now())
    var response = route(request)
    if request.method != "GET", !isToken { response.delay = configuration.faults.writeAnswerDelay }
    return processAndDrop ? .dropped : response
  }

  enum Fault { case none, serverError(Int), tooManyRequests, dropBeforeProcessing, dropAfterProcessing }

  private func injectedFault() -> Fault {
    let faults = configuration.faults
    guard faults.isActive else { return .none }
    let roll = random.unit()
    var threshold = faults.serverErrorRate
    if roll < threshold { return .serverError([500, 502, 503][Int(random.next() % 3)]) }
    threshold += faults.dropRate
    if roll < threshold { return random.next() % 2 == 0 ? .dropBeforeProcessing : .dropAfterProcessing }
    threshold += faults.tooManyRequestsRate
    if roll < threshold { return .tooManyRequests }
    return .none
  }

  private func rateLimit(_ request: SandboxRequest) -> SandboxResponse? {
    guard let limits = configuration.rateLimits, request.path != "/api/v2/oauth2/token" else { return nil }
    let now = Date()
    let isRead = request.method == "GET"
    var window = isRead ? readWindow : writeWindow
    window.removeAll { now.timeIntervalSince($0) >= 1 }
    let limit = isRead ? limits.readsPerSecond : limits.writesPerSecond
    if window.count >= limit {
      return .bareError(429, "tooManyRequests").with(retryAfter: limits.retryAfterSeconds)
    }
    window.append(now)
    if isRead { readWindow = window } else { writeWindow = window }
    return nil
  }

  // MARK: - Routing

  private func route(_ request: SandboxRequest) -> SandboxResponse {
    let segments = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    guard segments.count >= 2, segments[0] == "api", segments[1] == "v2" else {
      return .error(404, "notFound", "No such endpoint: \(request.method) \(request.path)")
    }
    let rest = Array(segments.dropFirst(2))
    if rest == ["oauth2", "token"] {
      return request.method == "POST" ? token(request) : methodNotAllowed(request, allowed: ["POST"])
    }
    if let problem = checkVersionAndToken(request) { return problem }

    switch (request.method, rest.count, rest.first) {
    case ("POST", 1, "integrations"): return createIntegration(request)
    case ("GET", 1, "integrations"): return listIntegrations(request)
    case ("PATCH", 2, "integrations"): return updateIntegration(id: rest[1], request)
    case ("DELETE", 2, "integrations"): return deleteIntegration(id: rest[1])
    case ("GET", 4, "integrations") where rest[2] == "courses":
      return getExternalCourse(integrationId: rest[1], externalId: rest[3])
    case ("GET", 1, "groups"): return listGroups(request)
    case ("GET", 2, "groups"): return getGroup(id: rest[1])
    case ("GET", 1, "users"): return listUsers(request)
    case ("GET", 2, "users"): return getUser(id: rest[1])
    case ("GET", 1, "courses"): return listCourses(request)
    case ("GET", 2, "courses") where rest[1] == "stats": return listCourseStats(request)
    // `/courses/stats`, `/courses/elearning-standard`, `/paths/add-tokens`... are other operations, not ids.
    case ("GET", 2, "courses") where fits(request, "/api/v2/courses/{courseId}"): return getCourse(id: rest[1])
    case ("GET", 1, "paths"): return listPaths(request)
    case ("GET", 2, "paths") where rest[1] == "sessions": return listAllPathSessions(request)
    case ("GET", 2, "paths") where fits(request, "/api/v2/paths/{pathId}"): return getPath(id: rest[1])
    case ("GET", 3, "paths") where rest[2] == "sessions": return listPathSessions(pathId: rest[1], request)
    case ("GET", 4, "paths") where rest[2] == "sessions": return getPathSession(pathId: rest[1], sessionId: rest[3])
    case ("GET", 4, "groups") where rest[2] == "library" && rest[3].hasSuffix("-ids"):
      return listLibraryIds(groupId: rest[1], contentType: String(rest[3].dropLast(4)), request)
    case ("GET", 4, "groups") where rest[2] == "catalog" && rest[3].hasSuffix("-ids"):
      return listCatalogIds(groupId: rest[1], contentType: String(rest[3].dropLast(4)), request)
    default: break
    }
    if rest.first == "bulk" {
      let bulk = Array(rest.dropFirst())
      switch (request.method, bulk) {
      case ("PUT", let b) where b.count == 3 && b[0] == "integrations" && b[2] == "courses":
        return submitBulk(.importExternalCourses, integrationId: b[1], request)
      case ("DELETE", let b) where b.count == 3 && b[0] == "integrations" && b[2] == "courses":
        return submitBulk(.archiveExternalCourses, integrationId: b[1], request)
      case ("POST", let b) where b.count == 3 && b[0] == "integrations" && b[2] == "stats":
        return submitBulk(.importExternalStatistics, integrationId: b[1], request)
      case ("POST", ["groups", "catalog"]): return submitBulk(.addContentsToGroupsCatalog, integrationId: nil, request)
      case ("DELETE", ["groups", "catalog"]):
        return submitBulk(.removeContentsFromGroupsCatalog, integrationId: nil, request)
      case ("POST", ["groups", "library"]): return submitBulk(.addContentsToGroupsLibrary, integrationId: nil, request)
      case ("DELETE", ["groups", "library"]):
        return submitBulk(.removeContentsFromGroupsLibrary, integrationId: nil, request)
      case ("POST", ["groups", "memberships"]): return submitBulk(.addUsersToGroups, integrationId: nil, request)
      case ("DELETE", ["groups", "memberships"]): return submitBulk(.removeUsersFromGroups, integrationId: nil, request)
      case ("GET", ["operations"]): return listOperations(request)
      case ("GET", let b) where b.count == 2 && b[0] == "operations": return getOperation(id: b[1], request)
      case ("GET", let b) where b.count == 3 && b[0] == "operations" && b[2] == "results":
        return operationResults(id: b[1])
      default: break
      }
    }
    // A path of the API asked with a method it does not take: 405 and the methods it takes, as HTTP says.
    let methods = OperationIndex.matching(path: request.path).map(\.operation.method)
    if !methods.isEmpty, !methods.contains(request.method) {
      return methodNotAllowed(request, allowed: methods)
    }
    return .error(404, "notFound", "The sandbox does not simulate \(request.method) \(request.path).")
  }

  /// True when `template` is the operation the API would route the request's path to: no literal path of another
  /// operation (`/api/v2/courses/stats`) takes it first.
  private func fits(_ request: SandboxRequest, _ template: String) -> Bool {
    OperationIndex.matching(path: request.path).contains { $0.operation.path == template }
  }

  /// 405 with the `Allow` header HTTP requires, naming the methods the path takes.
  private func methodNotAllowed(_ request: SandboxRequest, allowed: [String]) -> SandboxResponse {
    var refused = SandboxResponse.error(405, "methodNotAllowed", "\(request.method) is not allowed on \(request.path).")
    refused.headers.append(("Allow", allowed.joined(separator: ", ")))
    return refused
  }

  /// Every v2 call but the token one needs `360-api-version: v2.0` and a live Bearer token.
  private func checkVersionAndToken(_ request: SandboxRequest) -> SandboxResponse? {
    guard request.header("360-api-version") == "v2.0" else {
      // The spec marks the header required with the single value v2.0 but documents no error body;
      // this code is the sandbox's own.
      return .error(400, "invalidApiVersion", "The 360-api-version header is required and must be v2.0.")
    }
    guard let authorization = request.header("Authorization"), authorization.hasPrefix("Bearer "),
      let expiry = tokens[String(authorization.dropFirst(7))], expiry > Date()
    else {
      return .bareError(401, "invalid_token")
    }
    return nil
  }

  // MARK: - Helpers shared by handlers

  func parseBody(_ request: SandboxRequest) -> JSONValue? {
    try? JSONParser.parse(bytes: request.body)
  }

  func schemaProblems(_ value: JSONValue, _ schema: Schema, at pointer: String = "") -> String? {
    // The API ignores nothing silently in l360's experience; the sandbox is strict about unknown fields too.
    let violations = SchemaValidator(rejectUnknownFields: true, limit: 5).validate(value, against: schema, at: pointer)
    return violations.isEmpty ? nil : violations.map(\.description).joined(separator: "; ")
  }

  func now() -> Date { Date() }

  func recordedRequests() -> [RecordedRequest] { recorded }

  func revokeAllTokens() { tokens.removeAll() }
}

extension SandboxResponse {
  func with(retryAfter seconds: Int?) -> SandboxResponse {
    guard let seconds else { return self }
    var copy = self
    copy.headers.append(("Retry-After", String(seconds)))
    return copy
  }
}
