import L360JSON
import L360Schema
import OrderedCollections

/// Why one item of a bulk operation failed, as its result's `errorMessage` says it.
struct ItemProblem: Error {
  let message: String
  init(_ message: String) { self.message = message }
}

extension SandboxState {
  /// Imports one learner's activity on an external course of the integration (`importExternalStatistics`).
  ///
  /// The course is named by its `externalId` in the integration or by its 360Learning id, which must be one of the
  /// integration's courses; the learner by mail or by id. Attempts follow the spec's rule: a new one with
  /// `forceNew`, for a first activity, or for activity that starts after every attempt ended; otherwise the open
  /// attempts the activity overlaps are updated; activity over completed attempts only changes nothing and names
  /// the newest of them. The result's `resourceId` is the attempt's id.
  func importStatistic(_ item: JSONValue, integrationId: String) -> Result<String, ItemProblem> {
    guard let owned = externalCourses[integrationId] else {
      return .failure(ItemProblem("The integration no longer exists."))
    }
    let course = item["courseIdentifier"]
    let courseValue = course?["value"]?.stringValue ?? ""
    let courseId: String
    if course?["type"]?.stringValue == "externalId" {
      guard let id = owned[courseValue]?["courseId"]?.stringValue else {
        return .failure(
          ItemProblem("No external course with externalId \"\(courseValue)\" exists in this integration."))
      }
      courseId = id
    } else {
      guard owned.values.contains(where: { $0["courseId"]?.stringValue == courseValue }) else {
        return .failure(ItemProblem("The course \(courseValue) is not an external course of this integration."))
      }
      courseId = courseValue
    }

    let user = item["userIdentifier"]
    let userValue = user?["value"]?.stringValue ?? ""
    let person =
      user?["type"]?.stringValue == "mail"
      ? SeedData.people.first { $0.mail == userValue.lowercased() }
      : SeedData.people.first { $0.id == userValue }
    guard let person, users.contains(person.id) else {
      return .failure(
        ItemProblem(
          user?["type"]?.stringValue == "mail"
            ? "No user has the mail \(userValue)."
            : "The given userId \(userValue) does not correspond to any existing user."))
    }

    let first = item["firstActivityAt"]?.stringValue.flatMap(dateTimeSeconds) ?? 0
    let last = item["lastActivityAt"]?.stringValue.flatMap(dateTimeSeconds) ?? 0
    if last < first {
      return .failure(ItemProblem("lastActivityAt is before firstActivityAt."))
    }

    // The spec's rule: a new attempt when asked (forceNew), when there is none, or when this activity starts after
    // every attempt ended; otherwise the open (not completed) attempts it overlaps are updated.
    let learner = courseId + " " + person.id
    let existing = attemptsByLearner[learner] ?? []
    func end(_ id: String) -> Double {
      externalStatistics[id]?["lastActivityAt"]?.stringValue.flatMap(dateTimeSeconds) ?? 0
    }
    if item["forceNew"]?.boolValue == true || existing.allSatisfy({ first > end($0) }) {
      var attempt = item
      for field in ["courseIdentifier", "userIdentifier", "forceNew"] { attempt[field] = nil }
      let attemptId = ids.next()
      attempt["_id"] = .string(attemptId)
      attempt["courseId"] = .string(courseId)
      attempt["userId"] = .string(person.id)
      externalStatistics[attemptId] = attempt
      attemptsByLearner[learner, default: []].append(attemptId)
      return .success(attemptId)
    }
    let open = existing.filter { id in
      (externalStatistics[id]?["progress"]?.doubleValue ?? 0) < 100 && first <= end(id)
    }
    // Activity that overlaps only completed attempts neither starts one nor changes one (the spec names no other
    // case): the item is taken as already recorded, so the same nightly import sent twice succeeds twice.
    guard let newest = open.last else {
      return .success(existing.last { first <= end($0) } ?? existing[existing.count - 1])
    }
    for id in open {
      // What the item says replaces what the attempt held; what it leaves out stays, and the attempt keeps its start.
      for (field, value) in item.objectValue ?? [:]
      where !["courseIdentifier", "userIdentifier", "forceNew", "firstActivityAt"].contains(field) {
        externalStatistics[id]?[field] = value
      }
      if first < (externalStatistics[id]?["firstActivityAt"]?.stringValue.flatMap(dateTimeSeconds) ?? 0) {
        externalStatistics[id]?["firstActivityAt"] = item["firstActivityAt"]
      }
    }
    return .success(newest)
  }
}

extension SandboxState {
  /// `GET /api/v2/courses/stats`: every attempt, the seeded ones on native courses and the imported ones on
  /// external courses, as the API's course statistics (whole-number progress and score, `completedAt` once
  /// progress reaches 100), filtered by `courseId`, `userId` and `completedAt`, 500 a page.
  func listCourseStats(_ request: SandboxRequest) -> SandboxResponse {
    let imported = externalStatistics.values.map { attempt -> JSONValue in
      let courseId = attempt["courseId"]?.stringValue ?? ""
      var stat: JSONValue = [
        "_id": attempt["_id"] ?? "", "courseId": .string(courseId), "userId": attempt["userId"] ?? "",
        "lang": attempt["lang"] ?? courses[courseId]?["defaultLang"] ?? "en", "timeSpent": attempt["timeSpent"] ?? 0,
      ]
      let progress = Int((attempt["progress"]?.doubleValue ?? 0).rounded())
      stat["progress"] = .number(JSONNumber(progress))
      if let score = attempt["score"]?.doubleValue { stat["score"] = .number(JSONNumber(Int(score.rounded()))) }
      for field in ["firstActivityAt", "lastActivityAt"] { stat[field] = attempt[field] }
      if progress >= 100 { stat["completedAt"] = attempt["lastActivityAt"] }
      return stat
    }
    return list(SeedData.courseAttempts + imported, request, path: "/api/v2/courses/stats")
  }
}
