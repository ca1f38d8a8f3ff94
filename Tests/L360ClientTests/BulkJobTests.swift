import Foundation
import L360Client
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

func course(_ id: String, author: String? = nil) -> JSONValue {
  var value: JSONValue = [
    "externalId": .string(id), "name": .string("Course \(id)"), "defaultLang": "en",
    "launchUrl": .string("https://lms.example.com/\(id)"), "subjects": ["s"], "sources": [["name": "Vendor"]],
  ]
  if let author { value["authorId"] = .string(author) }
  return value
}

func makeIntegration(_ client: V2Client, _ platform: String = "bulkTest") async throws -> Integration {
  try await client.createIntegration(
    IntegrationDraft(externalPlatform: platform, groupId: SeedData.mainGroupId, authorId: SeedData.authorId))
}

@Suite("Bulk jobs against the sandbox")
struct BulkJobTests {
  @Test("upsert, await with progress, every per-item result in order, course readable")
  func upsertAndAwait() async throws {
    // A 2 s operation: long enough that the first poll sees it unfinished even on a loaded 2-core machine.
    try await withSandbox(SandboxConfiguration(operationDuration: .seconds(2))) { _, client in
      let integration = try await makeIntegration(client)
      let courses = (1...50).map { course("c\($0)") } + [course("bad", author: "0123456789abcdef01234567")]
      let job = try await client.upsertCourses(integrationId: integration.id, courses: courses)
      #expect(job.type == "importExternalCourses")
      #expect(job.itemCount == 51)
      #expect(job.location.absoluteString.hasSuffix("/api/v2/bulk/operations/\(job.id)"))

      let seen = StatusLog()
      let outcome = try await client.awaitJob(job) { seen.add($0.status) }
      #expect(outcome.operation.status == "completed")
      #expect(seen.all.first == "pending" || seen.all.first == "queued" || seen.all.first == "running")
      #expect(seen.all.last == "completed")
      #expect(outcome.results.count == 51)
      #expect(outcome.succeeded == 50 && outcome.failed == 1)
      #expect(
        outcome.results.map { $0.input["externalId"]?.stringValue } == courses.map { $0["externalId"]?.stringValue })
      let failed = try #require(outcome.results.last)
      #expect(failed.errorMessage?.contains("0123456789abcdef01234567") == true)

      let stored = try await client.externalCourse(integrationId: integration.id, externalId: "c7")
      #expect(stored["name"] == "Course c7")
      #expect(stored["courseId"]?.stringValue == outcome.results[6].resourceId)
      let missing = try await #require(throws: APIError.self) {
        try await client.externalCourse(integrationId: integration.id, externalId: "nope")
      }
      #expect(missing.code == "courseNotBelongToIntegration")
    }
  }

  @Test("catalog removal across groups really removes, and archive archives")
  func catalogAndArchive() async throws {
    try await withSandbox { _, client in
      #expect(
        try await client.catalogContentIds(groupId: SeedData.catalogGroupId, contentType: "course").contains(
          SeedData.courseId))
      let job = try await client.removeFromCatalog([
        [
          "groupId": .string(SeedData.catalogGroupId), "contentType": "course", "contentId": .string(SeedData.courseId),
        ],
        [
          "groupId": .string(SeedData.salesGroupId), "contentType": "path-session",
          "contentId": .string(SeedData.pathSessionId),
        ],
      ])
      let outcome = try await client.awaitJob(job)
      #expect(outcome.operation.type == "removeContentsFromGroupsCatalog")
      #expect(outcome.succeeded == 2)
      #expect(
        try await !client.catalogContentIds(groupId: SeedData.catalogGroupId, contentType: "course").contains(
          SeedData.courseId))
      #expect(try await client.catalogContentIds(groupId: SeedData.salesGroupId, contentType: "path-session").isEmpty)
      #expect(
        try await client.catalogContentIds(groupId: SeedData.mainGroupId, contentType: "course").contains(
          SeedData.courseId))

      let added = try await client.awaitJob(
        try await client.addToCatalog([
          [
            "groupId": .string(SeedData.catalogGroupId), "contentType": "course",
            "contentId": .string(SeedData.courseId),
          ]
        ]))
      #expect(added.succeeded == 1)
      #expect(
        try await client.catalogContentIds(groupId: SeedData.catalogGroupId, contentType: "course").contains(
          SeedData.courseId))

      let integration = try await makeIntegration(client)
      _ = try await client.awaitJob(
        try await client.upsertCourses(integrationId: integration.id, courses: [course("a"), course("b")]))
      let archived = try await client.awaitJob(
        try await client.archiveCourses(integrationId: integration.id, externalIds: ["a", "zzz"]))
      #expect(archived.operation.type == "archiveExternalCourses")
      #expect(archived.succeeded == 1 && archived.failed == 1)
      await #expect(throws: APIError.self) {
        try await client.externalCourse(integrationId: integration.id, externalId: "a")
      }
      #expect(try await client.externalCourse(integrationId: integration.id, externalId: "b")["name"] == "Course b")
    }
  }

  @Test("an invalid item or too many items: nothing is sent")
  func validationBeforeSending() async throws {
    let transport = RecordingTransport()
    try await withSandbox(transport: transport) { _, client in
      let integration = try await makeIntegration(client)
      let sentBefore = transport.requests.count
      var bad = course("x")
      bad["subjects"] = [""]
      bad["defaultLang"] = nil
      let error = try await #require(throws: InputValidationError.self) {
        try await client.upsertCourses(integrationId: integration.id, courses: [course("ok"), bad])
      }
      #expect(error.problems == ["/input/1/defaultLang: is required", "/input/1/subjects/0: must not be empty"])
      let tooMany = try await #require(throws: InputValidationError.self) {
        try await client.archiveCourses(integrationId: integration.id, externalIds: (0...1000).map { "e\($0)" })
      }
      #expect(tooMany.problems == ["/input: has 1001 items; at most 1000 are allowed"])
      #expect(transport.requests.count == sentBefore)
    }
  }

  @Test("cancelling an await stops polling at once; awaiting again finishes the job")
  func cancelAndReattach() async throws {
    try await withSandbox(SandboxConfiguration(operationDuration: .seconds(2))) { _, client in
      let integration = try await makeIntegration(client)
      let job = try await client.upsertCourses(integrationId: integration.id, courses: [course("slow")])
      let waiting = Task { try await client.awaitJob(job) }
      try await Task.sleep(for: .milliseconds(300))
      let clock = ContinuousClock()
      let cancelledAt = clock.now
      waiting.cancel()
      let result = await waiting.result
      #expect(clock.now - cancelledAt < .milliseconds(500))
      #expect(throws: CancellationError.self) { try result.get() }
      // The operation kept running on the server; re-attach by id from a fresh client.
      let operation = try await client.bulkOperation(id: job.id)
      #expect(operation.status != "completed")
      let outcome = try await client.awaitJob(job)
      #expect(outcome.operation.status == "completed" && outcome.succeeded == 1)
    }
  }

  @Test("jobs list, get and results")
  func operationsEndpoints() async throws {
    try await withSandbox(SandboxConfiguration(operationDuration: .zero)) { _, client in
      let integration = try await makeIntegration(client)
      var ids: [String] = []
      for i in 0..<23 {
        let job = try await client.upsertCourses(integrationId: integration.id, courses: [course("c\(i)")])
        ids.append(job.id)
      }
      let all = try await client.listBulkOperations()
      #expect(all.count == 23)  // 20 per page: two pages
      #expect(Set(all.map(\.id)) == Set(ids))
      #expect(try await client.listBulkOperations(status: "completed", type: "importExternalCourses").count == 23)
      #expect(try await client.listBulkOperations(type: "archiveExternalCourses").isEmpty)
      let results = try await client.bulkOperationResults(id: ids[5])
      #expect(results.map { $0.input["externalId"] } == ["c5"])
    }
  }

  @Test("a Location on another origin never receives our token")
  func foreignLocation() async throws {
    let transport = RecordingTransport()
    try await withSandbox(SandboxConfiguration(operationDuration: .zero), transport: transport) { sandbox, client in
      let integration = try await makeIntegration(client)
      let real = try await client.upsertCourses(integrationId: integration.id, courses: [course("c")])
      let forged = BulkJobHandle(
        id: real.id, location: URL(string: "https://attacker.example/api/v2/bulk/operations/\(real.id)")!,
        type: real.type, itemCount: 1)
      let outcome = try await client.awaitJob(forged)
      #expect(outcome.succeeded == 1)
      #expect(transport.requests.allSatisfy { $0.url.host == "127.0.0.1" })
    }
  }
}

final class StatusLog: @unchecked Sendable {
  private let lock = NSLock()
  private var statuses: [String] = []
  func add(_ status: String) { lock.withLock { statuses.append(status) } }
  var all: [String] { lock.withLock { statuses } }
}
