import Foundation
import L360Client
import L360JSON
import L360Sandbox
import L360TestSupport
import OrderedCollections
import Testing

/// Checks every request the client sends, and every answer the sandbox gives, against the official OpenAPI documents in ../shared/spec.
///
/// Skipped when they are absent (a lone clone of the project).
@Suite(
  "Conformance to the official OpenAPI specs", .enabled(if: OfficialSpec.isAvailable, "../shared/spec is not present"))
struct SpecConformanceTests {
  @Test("a full run's requests and responses validate against the spec")
  func fullRun() async throws {
    let spec = try OfficialSpec.load()
    let recorded = try await withSandbox(
      SandboxConfiguration(operationDuration: .seconds(2), recordRequests: true)
    ) {
      sandbox, client in
      let integration = try await client.createIntegration(
        IntegrationDraft(
          externalPlatform: "spec", groupId: SeedData.mainGroupId, authorId: SeedData.authorId,
          logoUrl: "https://x.example/l.svg",
          unicolorLogoUrl: "https://x.example/u.svg", defaultCompletion: false, defaultProgress: 10,
          noGroupPropagation: true))
      _ = try await client.listIntegrations(externalPlatform: "spec")
      _ = try await client.updateIntegration(id: integration.id, changes: ["defaultProgress": 20])
      var full = course("full")
      full["contentType"] = "video"
      full["difficultyLevel"] = "advanced"
      full["duration"] = 45
      full["imageUrl"] = "https://x.example/i.png"
      full["mobileLaunchUrl"] = "https://m.example/full"
      full["authorId"] = .string(SeedData.secondAuthorId)
      full["translations"] = [["lang": "fr", "translatedFields": ["name": "Cours", "subjects": ["s"]]]]
      let job = try await client.upsertCourses(
        integrationId: integration.id,
        courses: [full, course("plain"), course("bad", author: "0123456789abcdef01234567")])
      // Asked before it ran (operations take 2 s here, so even a loaded machine asks in time): the API
      // answers 400 bulkOperationNotRun (recorded and checked below).
      await #expect(throws: APIError.self) { try await client.bulkOperationResults(id: job.id) }
      _ = try await client.awaitJob(job)
      _ = try await client.externalCourse(integrationId: integration.id, externalId: "full")
      _ = try await client.awaitJob(
        try await client.archiveCourses(integrationId: integration.id, externalIds: ["plain"]))
      let item: JSONValue = [
        "groupId": .string(SeedData.catalogGroupId), "contentType": "course", "contentId": .string(SeedData.courseId),
      ]
      _ = try await client.awaitJob(try await client.removeFromCatalog([item]))
      _ = try await client.awaitJob(try await client.addToCatalog([item]))
      _ = try await client.listBulkOperations(status: "completed", type: "importExternalCourses")
      _ = try await client.catalogContentIds(groupId: SeedData.catalogGroupId, contentType: "course")
      // The company's directory: every group and user as the API describes them, found or not.
      _ = try await client.listGroups()
      _ = try await client.group(id: SeedData.rootGroupId)
      await #expect(throws: APIError.self) { try await client.group(id: "000000000000000000000000") }
      _ = try await client.listUsers()
      _ = try await client.listUsers(filters: [("status[eq]", "invited"), ("mail[ne]", "x@acme.example")])
      _ = try await client.user(id: SeedData.authorId)
      await #expect(throws: APIError.self) { try await client.user(id: "000000000000000000000000") }
      // The company's courses, paths and sessions, found or not, and a statistics import with its results.
      let otherPath = "64c0cc000000000000000001"
      for path in [
        "/api/v2/courses", "/api/v2/courses/\(SeedData.courseId)", "/api/v2/courses/000000000000000000000000",
        "/api/v2/paths", "/api/v2/paths/\(SeedData.pathId)", "/api/v2/paths/000000000000000000000000",
        "/api/v2/paths/sessions", "/api/v2/paths/\(SeedData.pathId)/sessions",
        "/api/v2/paths/\(SeedData.pathId)/sessions/\(SeedData.pathSessionId)",
        "/api/v2/paths/\(otherPath)/sessions/\(SeedData.pathSessionId)",
        "/api/v2/paths/\(SeedData.pathId)/sessions/000000000000000000000000",
      ] {
        _ = try await client.rawRequest(method: "GET", path: path)
      }
      _ = try await client.rawRequest(
        method: "GET", path: "/api/v2/courses", query: [("type[eq]", "external"), ("status[eq]", "archived")])
      let statistic: JSONValue = [
        "courseIdentifier": ["type": "externalId", "value": "full"],
        "userIdentifier": ["type": "mail", "value": "alice.martin@acme.example"], "progress": 100, "score": 90,
        "result": "success", "timeSpent": 60000, "lang": "en", "forceNew": false,
        "firstActivityAt": "2026-03-01T09:00:00Z", "lastActivityAt": "2026-03-01T11:00:00.5+01:00",
      ]
      var stranger = statistic
      stranger["userIdentifier"] = ["type": "mail", "value": "nobody@x.example"]
      let sent = try await client.rawRequest(
        method: "POST", path: "/api/v2/bulk/integrations/\(integration.id)/stats",
        body: ["input": [statistic, stranger]])
      #expect(sent.status == 202)
      let location = try #require(sent.headers.first { $0.name.lowercased() == "location" }?.value)
      let operationId = String(location.split(separator: "/").last ?? "")
      var stats = try await client.bulkOperation(id: operationId)
      while !stats.isFinished {
        try await Task.sleep(for: .milliseconds(200))
        stats = try await client.bulkOperation(id: operationId)
      }
      let results = try await client.bulkOperationResults(id: operationId)
      #expect(results.map(\.succeeded) == [true, false], "\(results.map(\.errorMessage))")
      _ = try await client.rawRequest(method: "GET", path: "/api/v2/courses/stats")
      try await client.deleteIntegration(id: integration.id)
      return await sandbox.recordedRequests()
    }
    #expect(recorded.count > 15)
    var checkedStatuses: Set<String> = []
    for exchange in recorded {
      let request = exchange.request
      let operation = try #require(
        spec.operation(method: request.method, path: request.path),
        "no spec operation for \(request.method) \(request.path)")
      let validator = SpecSchemaValidator(document: operation.document)
      let where_ = "\(request.method) \(operation.template)"

      // Headers and path parameters the operation declares.
      for parameter in operation.object["parameters"]?.arrayValue ?? [] {
        let parameter = parameter["$ref"].map { validator.resolve($0.stringValue ?? "") } ?? parameter
        let name = parameter["name"]?.stringValue ?? ""
        let schema = parameter["schema"] ?? [:]
        switch parameter["in"]?.stringValue {
        case "header"?:
          if parameter["required"] == true {
            let value = try #require(request.header(name), "\(where_): required header \(name) missing")
            #expect(validator.problems(.string(value), schema).isEmpty, "\(where_): header \(name)=\(value)")
          }
        case "path"?:
          let value = try #require(operation.pathParameters[name], "\(where_): path parameter \(name)")
          #expect(validator.problems(.string(value), schema).isEmpty, "\(where_): path \(name)=\(value)")
        default: break
        }
      }
      // The request body.
      if let bodySchema = operation.object["requestBody"]?["content"]?["application/json"]?["schema"] {
        let body = try JSONParser.parse(bytes: request.body)
        let problems = validator.problems(body, bodySchema)
        #expect(problems.isEmpty, "\(where_) request body: \(problems)")
      }
      // The response, against the schema declared for its status.
      let status = String(exchange.response.status)
      let declared = try #require(operation.object["responses"]?[status], "\(where_): status \(status) is not declared")
      if let schema = declared["content"]?["application/json"]?["schema"] {
        let body = try JSONParser.parse(bytes: exchange.response.body)
        let problems = validator.problems(body, schema)
        #expect(problems.isEmpty, "\(where_) \(status) response: \(problems)")
      }
      if let headers = declared["headers"]?.objectValue, headers["Location"] != nil {
        #expect(exchange.response.headers.contains { $0.name == "Location" && $0.value.hasPrefix("http://127.0.0.1:") })
      }
      checkedStatuses.insert("\(where_) \(status)")
    }
    // The run covered the operations l360 uses, including the not-yet-run 400.
    for expected in [
      "POST /api/v2/oauth2/token 200", "POST /api/v2/integrations 201",
      "PATCH /api/v2/integrations/{integrationId} 200",
      "PUT /api/v2/bulk/integrations/{integrationId}/courses 202",
      "GET /api/v2/bulk/operations/{bulkOperationId}/results 400",
      "GET /api/v2/bulk/operations/{bulkOperationId}/results 200", "DELETE /api/v2/bulk/groups/catalog 202",
      "POST /api/v2/bulk/groups/catalog 202", "DELETE /api/v2/integrations/{integrationId} 204",
      "GET /api/v2/integrations/{integrationId}/courses/{externalId} 200",
    ] {
      #expect(checkedStatuses.contains(expected), "not exercised: \(expected)")
    }
  }
}
