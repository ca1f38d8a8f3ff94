import Foundation
import L360JSON
import L360Schema
import OrderedCollections

extension SandboxState {
  /// The bulk submissions: validate, check limits, queue, answer 202 with an absolute Location.
  func submitBulk(_ type: OperationType, integrationId: String?, _ request: SandboxRequest) -> SandboxResponse {
    if let integrationId {
      guard isObjectId(integrationId), integrations[integrationId] != nil else {
        return .error(
          404, "integrationNotFound", "The given integrationId does not correspond to any existing integration.")
      }
    }
    guard let body = parseBody(request), case .array(let input)? = body["input"] else {
      return .error(400, "invalidInput", "The input of a bulk operation must be an array.")
    }
    guard input.count <= type.maxItems else {
      return .error(400, "inputTooLong", "The input exceeds the maximum limit of \(type.limitText) objects.")
    }
    if let problem = schemaProblems(.array(input), .array(items: type.itemSchema), at: "/input") {
      return .error(400, "invalidInput", problem)
    }
    let now = now()
    advance(to: now)
    let active = operations.values.count { $0.isActive(at: now) }
    guard active < configuration.concurrencyLimit else {
      return .error(
        429, "bulkOperationsConcurrencyLimitReached",
        "The maximum number of concurrent operations (\(configuration.concurrencyLimit)) has been reached.")
    }
    let id = ids.next()
    let willFail =
      configuration.faults.operationErrorRate > 0 && random.unit() < configuration.faults.operationErrorRate
    let seconds =
      Double(configuration.operationDuration.components.seconds) + Double(
        configuration.operationDuration.components.attoseconds) / 1e18
    operations[id] = OperationRecord(
      id: id, type: type, integrationId: integrationId, input: input, createdAt: now, duration: seconds,
      willFail: willFail)
    return SandboxResponse(status: 202, headers: [("Location", "\(baseURL)/api/v2/bulk/operations/\(id)")])
  }

  /// `GET /api/v2/bulk/operations/{id}`.
  func getOperation(id: String, _ request: SandboxRequest) -> SandboxResponse {
    let now = now()
    advance(to: now)
    guard let record = operations[id] else {
      return .error(
        404, "bulkOperationNotFound", "The given bulkOperationId does not correspond to any existing bulk operation.")
    }
    return .json(200, record.json(at: now))
  }

  /// `GET /api/v2/bulk/operations/{id}/results`: 400 `bulkOperationNotRun` until it has finished.
  func operationResults(id: String) -> SandboxResponse {
    let now = now()
    advance(to: now)
    guard let record = operations[id] else {
      return .error(
        404, "bulkOperationNotFound", "The given bulkOperationId does not correspond to any existing bulk operation.")
    }
    guard let results = record.results else {
      return .error(400, "bulkOperationNotRun", "The operation with the given bulkOperationId has not run yet.")
    }
    return .json(200, .array(results))
  }

  /// `GET /api/v2/bulk/operations` (20 per page, newest first, `status[eq]`, `type[eq]`, `createdAt[lt|gte]`).
  func listOperations(_ request: SandboxRequest) -> SandboxResponse {
    let now = now()
    advance(to: now)
    return list(operations.values.reversed().map { $0.json(at: now) }, request, path: "/api/v2/bulk/operations")
  }

  // MARK: - Applying effects

  /// Applies the effects of every operation that has finished by `now`, in the order they finished.
  func advance(to now: Date) {
    let due = operations.values.filter { $0.results == nil && $0.endedAt <= now }.sorted { $0.endedAt < $1.endedAt }
    for record in due {
      let count = record.processedCount(at: now)
      let results = record.input.prefix(count).map { apply(record.type, integrationId: record.integrationId, item: $0) }
      operations[record.id]?.results = results
    }
  }

  /// Processes one item and returns its result entry.
  private func apply(_ type: OperationType, integrationId: String?, item: JSONValue) -> JSONValue {
    func success(_ resourceId: String) -> JSONValue {
      ["input": item, "status": "success", "resourceId": .string(resourceId)]
    }
    func failure(_ message: String) -> JSONValue {
      ["input": item, "status": "error", "errorMessage": .string(message)]
    }
    switch type {
    case .importExternalCourses:
      guard let integrationId, let integration = integrations[integrationId] else {
        return failure("The integration no longer exists.")
      }
      if let authorId = item["authorId"]?.stringValue, !users.contains(authorId) {
        return failure("The given authorId \(authorId) does not correspond to any existing user.")
      }
      let externalId = item["externalId"]?.stringValue ?? ""
      let existing = externalCourses[integrationId]?[externalId]
      let courseId = existing?["courseId"]?.stringValue ?? ids.next()
      // Upsert replaces the whole course: fields left out are cleared.
      var stored = item
      if stored["authorId"] == nil { stored["authorId"] = integration["authorId"] }
      stored["courseId"] = .string(courseId)
      if stored["translations"] == nil { stored["translations"] = [] }
      externalCourses[integrationId, default: [:]][externalId] = stored
      courses[courseId] = listedCourse(courseId, stored, integration: integration)
      if let groupId = integration["groupId"]?.stringValue { groups[groupId]?.catalog["course"]?.append(courseId) }
      return success(courseId)

    case .archiveExternalCourses:
      let externalId = item["externalId"]?.stringValue ?? ""
      guard let integrationId, let course = externalCourses[integrationId]?[externalId],
        let courseId = course["courseId"]?.stringValue
      else {
        return failure("No external course with externalId \"\(externalId)\" exists in this integration.")
      }
      externalCourses[integrationId]?[externalId] = nil
      archiveCourse(courseId)
      return success(courseId)

    case .importExternalStatistics:
      switch importStatistic(item, integrationId: integrationId ?? "") {
      case .success(let attemptId): return success(attemptId)
      case .failure(let problem): return failure(problem.message)
      }

    case .addContentsToGroupsCatalog, .removeContentsFromGroupsCatalog:
      let outcome = changeShelf(
        \.catalog, item, adding: type == .addContentsToGroupsCatalog, absentRemovalFails: false,
        exists: { kind, id in kind == "course" ? isLiveCourse(id) : pathSessions[id] != nil },
        noun: { $0 == "course" ? "course" : "path session" })
      return outcome.map(success) ?? failure(outcome.problem)

    case .addContentsToGroupsLibrary, .removeContentsFromGroupsLibrary:
      let outcome = changeShelf(
        \.library, item, adding: type == .addContentsToGroupsLibrary, absentRemovalFails: true,
        // Archived content cannot be added, but what a library holds can always be taken out of it.
        exists: { kind, id in
          let adding = type == .addContentsToGroupsLibrary
          return kind == "course"
            ? (adding ? isLiveCourse(id) : courses[id] != nil) : (adding ? isLivePath(id) : paths[id] != nil)
        }, noun: { $0 })
      return outcome.map(success) ?? failure(outcome.problem)

    case .addUsersToGroups, .removeUsersFromGroups:
      let userId = item["userId"]?.stringValue ?? ""
      let groupId = item["groupId"]?.stringValue ?? ""
      let role = item["role"]?.stringValue ?? ""
      guard groups[groupId] != nil else {
        return failure("The given groupId \(groupId) does not correspond to any existing group.")
      }
      guard users.contains(userId) else {
        return failure("The given userId \(userId) does not correspond to any existing user.")
      }
      if type == .addUsersToGroups {
        groups[groupId]?.members[userId, default: []].insert(role)
      } else {
        guard groups[groupId]?.members[userId]?.remove(role) != nil else {
          return failure("The user \(userId) has no role \(role) in group \(groupId).")
        }
      }
      return success(userId)
    }
  }

  /// What one item of a catalog or library change did: the content id, or why it failed.
  struct ShelfOutcome {
    var contentId: String?
    var problem: String = ""
    func map(_ success: (String) -> JSONValue) -> JSONValue? { contentId.map(success) }
  }

  /// Adds or removes `{groupId, contentType, contentId}` on a group's catalog or library: the group and the content
  /// must exist, and with `absentRemovalFails` a removal of content the shelf lacks fails too (as a library's does).
  fileprivate func changeShelf(
    _ shelf: WritableKeyPath<GroupRecord, [String: OrderedSet<String>]>, _ item: JSONValue, adding: Bool,
    absentRemovalFails: Bool, exists: (String, String) -> Bool, noun: (String) -> String
  ) -> ShelfOutcome {
    let groupId = item["groupId"]?.stringValue ?? ""
    let contentType = item["contentType"]?.stringValue ?? ""
    let contentId = item["contentId"]?.stringValue ?? ""
    guard groups[groupId] != nil else {
      return ShelfOutcome(problem: "The given groupId \(groupId) does not correspond to any existing group.")
    }
    guard exists(contentType, contentId) else {
      return ShelfOutcome(
        problem: "The given contentId \(contentId) does not correspond to any existing \(noun(contentType)).")
    }
    if adding {
      groups[groupId]?[keyPath: shelf][contentType, default: []].append(contentId)
    } else if groups[groupId]?[keyPath: shelf][contentType]?.remove(contentId) == nil, absentRemovalFails {
      return ShelfOutcome(problem: "The \(contentType) \(contentId) is not in the library of group \(groupId).")
    }
    return ShelfOutcome(contentId: contentId)
  }
}
