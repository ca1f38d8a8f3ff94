import Foundation
import L360JSON

extension SeedData {
  /// A native course of the company, as `GET /api/v2/courses/{courseId}` shows it.
  struct Course {
    let id: String
    let name: String
    let groupId: String
    var authorId = SeedData.authorId
    var type = "native"
    var status = "published"
    var lang = "en"
    var createdAt = "2025-09-01T08:00:00.000Z"
    /// A French name, given as a published translation.
    var frenchName: String?

    var json: JSONValue {
      let translations: [JSONValue] =
        frenchName.map { name in
          [
            [
              "lang": "fr", "published": true, "translatorIds": [.string(SeedData.secondAuthorId)],
              "translatedFields": ["name": .string(name)],
            ]
          ]
        } ?? []
      return [
        "_id": .string(id), "name": .string(name), "sourceLang": .string(lang), "defaultLang": .string(lang),
        "authorId": .string(authorId), "groupId": .string(groupId), "coAuthorIds": [], "duration": 30,
        "createdAt": .string(createdAt), "modifiedAt": .string(createdAt), "status": .string(status),
        "translations": .array(translations), "type": .string(type), "currentVersionNumber": 1,
        "collaborativeLearning": false,
      ]
    }
  }

  /// A path: courses in order, as `GET /api/v2/paths/{pathId}` shows it.
  struct Path {
    let id: String
    let name: String
    let groupId: String
    let courseIds: [String]
    var status = "published"
    var createdAt = "2025-10-01T08:00:00.000Z"

    var json: JSONValue {
      let steps = courseIds.map { courseId -> JSONValue in
        [
          "_id": .string(courseId), "type": "course",
          "options": ["optional": false, "showCorrection": "onAnswer", "showForum": "onCompletion"],
        ]
      }
      return [
        "_id": .string(id), "name": .string(name), "authorId": .string(SeedData.authorId), "groupId": .string(groupId),
        "coAuthorIds": [], "createdAt": .string(createdAt), "modifiedAt": .string(createdAt), "defaultLang": "en",
        "sourceLang": "en",
        "options": [
          "linearProgression": true, "mandatoryReplay": false, "displayForum": true, "displayClassroomMessages": true,
          "automatedReminders": true, "notificationOnStepCreation": false,
        ],
        "status": .string(status), "steps": .array(steps), "translations": [],
        "estimatedDuration": ["unit": "hour", "value": .number(JSONNumber(courseIds.count))],
      ]
    }
  }

  /// A session of a path: a cohort with dates and instructors.
  struct PathSession {
    let id: String
    let pathId: String
    let groupId: String
    let name: String
    let startDate: String
    let endDate: String
    var instructorId = SeedData.secondAuthorId

    /// The session as `GET /api/v2/paths/{pathId}/sessions/{sessionId}` shows it; `GET /api/v2/paths/sessions`
    /// leaves out the translations.
    func json(withTranslations: Bool) -> JSONValue {
      var value: JSONValue = [
        "_id": .string(id), "pathId": .string(pathId), "groupId": .string(groupId), "name": .string(name),
        "mainInstructorId": .string(instructorId), "instructorIds": [.string(instructorId)],
        "registrationRequestValidation": "disabled", "startDate": .string(startDate), "endDate": .string(endDate),
        "userLimit": 30, "isAudienceBuilder": false, "createdAt": "2025-11-15T08:00:00.000Z",
        "modifiedAt": "2025-11-15T08:00:00.000Z",
      ]
      if withTranslations { value["translations"] = [] }
      return value
    }
  }

  static let securityCourseId = "64c0bb000000000000000003"
  static let welcomeCourseId = "64c0bb000000000000000008"

  /// The company's own courses: the guides' two, then ten more across the groups, one archived.
  static let courses: [Course] = [
    Course(id: courseId, name: "Customer Onboarding Essentials", groupId: catalogGroupId),
    Course(id: secondCourseId, name: "Product Fundamentals", groupId: mainGroupId, authorId: secondAuthorId),
    Course(id: "64c0bb000000000000000001", name: "Negotiation Basics", groupId: salesGroupId),
    Course(id: "64c0bb000000000000000002", name: "Objection Handling", groupId: "64b7e1f2a3c4d5e6f7a8b901"),
    Course(
      id: securityCourseId, name: "Security Awareness 2026", groupId: rootGroupId, type: "elearning standard",
      createdAt: "2026-01-10T08:00:00.000Z"),
    Course(id: "64c0bb000000000000000004", name: "Writing Great Tickets", groupId: "64b7e1f2a3c4d5e6f7a8b904"),
    Course(id: "64c0bb000000000000000005", name: "Coaching Conversations", groupId: mainGroupId, lang: "fr"),
    Course(
      id: "64c0bb000000000000000006", name: "Data Privacy Basics", groupId: rootGroupId, type: "elearning standard"),
    Course(id: "64c0bb000000000000000007", name: "Forecasting with the CRM", groupId: "64b7e1f2a3c4d5e6f7a8b902"),
    Course(
      id: welcomeCourseId, name: "Welcome to Acme", groupId: "64b7e1f2a3c4d5e6f7a8b903",
      createdAt: "2026-02-01T08:00:00.000Z", frenchName: "Bienvenue chez Acme"),
    Course(id: "64c0bb000000000000000009", name: "Escalation Playbook", groupId: catalogGroupId),
    Course(
      id: "64c0bb00000000000000000a", name: "Legacy Pricing 2023", groupId: salesGroupId, status: "archived",
      createdAt: "2023-01-15T08:00:00.000Z"),
  ]

  /// The company's paths; the guides' path first.
  static let paths: [Path] = [
    Path(
      id: pathId, name: "New Hire Journey", groupId: mainGroupId,
      courseIds: [welcomeCourseId, securityCourseId, secondCourseId]),
    Path(
      id: "64c0cc000000000000000001", name: "Sales Excellence", groupId: salesGroupId,
      courseIds: ["64c0bb000000000000000001", "64c0bb000000000000000002", "64c0bb000000000000000007"]),
    Path(
      id: "64c0cc000000000000000002", name: "Support Certification", groupId: catalogGroupId,
      courseIds: [courseId, "64c0bb000000000000000004", "64c0bb000000000000000009"]),
    Path(
      id: "64c0cc000000000000000003", name: "Managers' Track 2023", groupId: mainGroupId,
      courseIds: ["64c0bb000000000000000005"], status: "archived", createdAt: "2023-02-01T08:00:00.000Z"),
  ]

  /// The sessions of the paths; the guides' session first.
  static let pathSessions: [PathSession] = [
    PathSession(
      id: pathSessionId, pathId: pathId, groupId: mainGroupId, name: "New Hire Journey, January cohort",
      startDate: "2026-01-12T09:00:00.000Z", endDate: "2026-03-12T17:00:00.000Z"),
    PathSession(
      id: "64c0dd000000000000000001", pathId: pathId, groupId: mainGroupId, name: "New Hire Journey, March cohort",
      startDate: "2026-03-09T09:00:00.000Z", endDate: "2026-05-09T17:00:00.000Z"),
    PathSession(
      id: "64c0dd000000000000000002", pathId: "64c0cc000000000000000001", groupId: "64b7e1f2a3c4d5e6f7a8b901",
      name: "Sales Excellence, EMEA spring", startDate: "2026-04-06T09:00:00.000Z",
      endDate: "2026-06-26T17:00:00.000Z", instructorId: authorId),
    PathSession(
      id: "64c0dd000000000000000003", pathId: "64c0cc000000000000000001", groupId: "64b7e1f2a3c4d5e6f7a8b902",
      name: "Sales Excellence, Americas spring", startDate: "2026-04-13T14:00:00.000Z",
      endDate: "2026-07-03T22:00:00.000Z"),
    PathSession(
      id: "64c0dd000000000000000004", pathId: "64c0cc000000000000000002", groupId: catalogGroupId,
      name: "Support Certification, Q2", startDate: "2026-04-01T09:00:00.000Z", endDate: "2026-06-30T17:00:00.000Z"),
    PathSession(
      id: "64c0dd000000000000000005", pathId: "64c0cc000000000000000003", groupId: mainGroupId,
      name: "Managers' Track 2023, last cohort", startDate: "2023-03-01T09:00:00.000Z",
      endDate: "2023-06-30T17:00:00.000Z"),
  ]
}

extension SeedData {
  /// Learners' attempts on the native courses (`GET /api/v2/courses/stats`): the first ten people on the welcome and
  /// security courses, some finished, some under way.
  static let courseAttempts: [JSONValue] = {
    var attempts: [JSONValue] = []
    for (i, person) in people.prefix(10).enumerated() {
      for (j, course) in [welcomeCourseId, securityCourseId].enumerated() {
        let progress = (i * 37 + j * 23) % 5 == 0 ? 100 : (i * 19 + j * 7) % 90 + 5
        let day = 2 + i + j * 3
        let first = "2026-02-\(day < 10 ? "0" : "")\(day)T09:00:00.000Z"
        let last = "2026-02-\(day < 10 ? "0" : "")\(day)T10:\(10 + i * 5):00.000Z"
        var attempt: JSONValue = [
          "_id": .string(String(format: "64c0ee%018x", i * 2 + j + 1)), "courseId": .string(course),
          "userId": .string(person.id), "lang": .string(person.lang),
          "timeSpent": .number(JSONNumber(600_000 + i * 60_000)),
          "progress": .number(JSONNumber(progress)), "firstActivityAt": .string(first), "lastActivityAt": .string(last),
          "versionNumber": 1,
        ]
        if progress == 100 {
          attempt["score"] = .number(JSONNumber(60 + (i * 7) % 40))
          attempt["completedAt"] = .string(last)
        }
        attempts.append(attempt)
      }
    }
    return attempts
  }()
}
