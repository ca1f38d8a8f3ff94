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

  /// Finds the operation as the API would: the spec's template that fits the path, the most literal one first (so
  /// `/api/v2/courses/stats` is never a course id), from the same operation index `request` checks against.
  private func route(_ request: SandboxRequest) -> SandboxResponse {
    guard request.path.hasPrefix("/api/v2/") else {
      return .error(404, "notFound", "No such endpoint: \(request.method) \(request.path)")
    }
    let matches = OperationIndex.matching(path: request.path)
    let match = matches.first { $0.operation.method == request.method }
    // The token endpoint is the one call without a token and a version header.
    if matches.first?.operation.path == "/api/v2/oauth2/token" {
      return match == nil ? methodNotAllowed(request, allowed: ["POST"]) : token(request)
    }
    if let problem = checkVersionAndToken(request) { return problem }
    guard let (operation, values) = match else {
      // A path of the API asked with a method it does not take: 405 and the methods it takes, as HTTP says.
      if !matches.isEmpty { return methodNotAllowed(request, allowed: matches.map(\.operation.method)) }
      return notSimulated(request)
    }
    func value(_ name: String) -> String { values[name] ?? "" }
    switch (request.method, operation.path) {
    case ("POST", "/api/v2/integrations"): return createIntegration(request)
    case ("GET", "/api/v2/integrations"): return listIntegrations(request)
    case ("PATCH", "/api/v2/integrations/{integrationId}"):
      return updateIntegration(id: value("integrationId"), request)
    case ("DELETE", "/api/v2/integrations/{integrationId}"): return deleteIntegration(id: value("integrationId"))
    case ("GET", "/api/v2/integrations/{integrationId}/courses/{externalId}"):
      return getExternalCourse(integrationId: value("integrationId"), externalId: value("externalId"))
    case ("GET", "/api/v2/groups"): return listGroups(request)
    case ("GET", "/api/v2/groups/{groupId}"): return getGroup(id: value("groupId"))
    case ("GET", "/api/v2/groups/{groupId}/library/{contentType}-ids"):
      return listLibraryIds(groupId: value("groupId"), contentType: value("contentType"), request)
    case ("GET", "/api/v2/groups/{groupId}/catalog/{contentType}-ids"):
      return listCatalogIds(groupId: value("groupId"), contentType: value("contentType"), request)
    case ("GET", "/api/v2/users"): return listUsers(request)
    case ("GET", "/api/v2/users/{userId}"): return getUser(id: value("userId"))
    case ("GET", "/api/v2/courses"): return listCourses(request)
    case ("GET", "/api/v2/courses/stats"): return listCourseStats(request)
    case ("GET", "/api/v2/courses/{courseId}"): return getCourse(id: value("courseId"))
    case ("GET", "/api/v2/paths"): return listPaths(request)
    case ("GET", "/api/v2/paths/sessions"): return listAllPathSessions(request)
    case ("GET", "/api/v2/paths/{pathId}"): return getPath(id: value("pathId"))
    case ("GET", "/api/v2/paths/{pathId}/sessions"): return listPathSessions(pathId: value("pathId"), request)
    case ("GET", "/api/v2/paths/{pathId}/sessions/{sessionId}"):
      return getPathSession(pathId: value("pathId"), sessionId: value("sessionId"))
    case ("PUT", "/api/v2/bulk/integrations/{integrationId}/courses"):
      return submitBulk(.importExternalCourses, integrationId: value("integrationId"), request)
    case ("DELETE", "/api/v2/bulk/integrations/{integrationId}/courses"):
      return submitBulk(.archiveExternalCourses, integrationId: value("integrationId"), request)
    case ("POST", "/api/v2/bulk/integrations/{integrationId}/stats"):
      return submitBulk(.importExternalStatistics, integrationId: value("integrationId"), request)
    case ("POST", "/api/v2/bulk/groups/catalog"):
      return submitBulk(.addContentsToGroupsCatalog, integrationId: nil, request)
    case ("DELETE", "/api/v2/bulk/groups/catalog"):
      return submitBulk(.removeContentsFromGroupsCatalog, integrationId: nil, request)
    case ("POST", "/api/v2/bulk/groups/library"):
      return submitBulk(.addContentsToGroupsLibrary, integrationId: nil, request)
    case ("DELETE", "/api/v2/bulk/groups/library"):
      return submitBulk(.removeContentsFromGroupsLibrary, integrationId: nil, request)
    case ("POST", "/api/v2/bulk/groups/memberships"): return submitBulk(.addUsersToGroups, integrationId: nil, request)
    case ("DELETE", "/api/v2/bulk/groups/memberships"):
      return submitBulk(.removeUsersFromGroups, integrationId: nil, request)
    case ("GET", "/api/v2/bulk/operations"): return listOperations(request)
    case ("GET", "/api/v2/bulk/operations/{bulkOperationId}"):
      return getOperation(id: value("bulkOperationId"), request)
    case ("GET", "/api/v2/bulk/operations/{bulkOperationId}/results"):
      return operationResults(id: value("bulkOperationId"))
    default: return notSimulated(request)
    }
  }

  private func notSimulated(_ request: SandboxRequest) -> SandboxResponse {
    .error(404, "notFound", "The sandbox does not simulate \(request.method) \(request.path).")
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
