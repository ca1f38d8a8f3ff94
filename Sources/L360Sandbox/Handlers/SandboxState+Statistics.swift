import L360JSON
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
  /// integration's courses; the learner by mail or by id. Without `forceNew`, the statistic updates the learner's
  /// attempt on that course when there is one; the result's `resourceId` is the attempt's id.
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

    let first = item["firstActivityAt"]?.stringValue.flatMap(Timestamp.seconds)
    let last = item["lastActivityAt"]?.stringValue.flatMap(Timestamp.seconds)
    if let first, let last, last < first {
      return .failure(ItemProblem("lastActivityAt is before firstActivityAt."))
    }

    var attempt = item
    attempt["courseIdentifier"] = nil
    attempt["userIdentifier"] = nil
    attempt["forceNew"] = nil
    attempt["courseId"] = .string(courseId)
    attempt["userId"] = .string(person.id)
    let learner = courseId + " " + person.id
    let existing = item["forceNew"]?.boolValue == true ? nil : latestAttempt[learner]
    let attemptId = existing ?? ids.next()
    attempt["_id"] = .string(attemptId)
    externalStatistics[attemptId] = attempt
    latestAttempt[learner] = attemptId
    return .success(attemptId)
  }
}
