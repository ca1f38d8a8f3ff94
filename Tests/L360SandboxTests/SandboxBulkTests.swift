import Foundation
import L360Client
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

private func json(_ response: HTTPResponse) throws -> JSONValue { try JSONParser.parse(bytes: response.body) }

private func courseJSON(_ id: String) -> String {
  #"{"externalId":"\#(id)","name":"N","defaultLang":"en","launchUrl":"https://x.example/\#(id)","subjects":[],"sources":[]}"#
}

/// A sandbox, a token and an integration id, for the bulk rules below.
private func prepared(_ configuration: SandboxConfiguration) async throws -> (Sandbox, String, String) {
  let sandbox = try await Sandbox.start(configuration)
  let token = try await sandboxToken(sandbox)
  let created = try await rawSend(
    sandbox, "POST", "/api/v2/integrations", headers: v2Headers(token),
    body: #"{"externalPlatform":"p","groupId":"\#(SeedData.mainGroupId)","authorId":"\#(SeedData.authorId)"}"#)
  let id = try #require(try json(created)["_id"]?.stringValue)
  return (sandbox, token, id)
}

@Suite("Sandbox: bulk submissions and the operation lifecycle")
struct SandboxBulkTests {
  @Test("input must be an array of at most the documented number of valid items")
  func inputRules() async throws {
    let (sandbox, token, integration) = try await prepared(SandboxConfiguration())
    let path = "/api/v2/bulk/integrations/\(integration)/courses"
    func send(_ method: String, _ path: String, _ body: String) async throws -> (Int, JSONValue) {
      let response = try await rawSend(sandbox, method, path, headers: v2Headers(token), body: body)
      return (response.status, response.body.isEmpty ? .null : try json(response))
    }
    let notArray = try await send("PUT", path, #"{"input":{}}"#)
    #expect(notArray.0 == 400 && notArray.1["error"]?["code"] == "invalidInput")
    #expect(notArray.1["error"]?["message"] == "The input of a bulk operation must be an array.")

    let upsertTooLong = "{\"input\":[" + (0...10_000).map { courseJSON("c\($0)") }.joined(separator: ",") + "]}"
    let tooLong = try await send("PUT", path, upsertTooLong)
    #expect(tooLong.0 == 400 && tooLong.1["error"]?["code"] == "inputTooLong")
    #expect(tooLong.1["error"]?["message"]?.stringValue?.contains("10,000") == true)

    let archiveTooLong =
      "{\"input\":[" + Array(repeating: #"{"externalId":"x"}"#, count: 1_001).joined(separator: ",") + "]}"
    #expect(try await send("DELETE", path, archiveTooLong).1["error"]?["code"] == "inputTooLong")

    let item = #"{"groupId":"\#(SeedData.mainGroupId)","contentType":"course","contentId":"\#(SeedData.courseId)"}"#
    let catalogTooLong = "{\"input\":[" + Array(repeating: item, count: 20_001).joined(separator: ",") + "]}"
    #expect(
      try await send("DELETE", "/api/v2/bulk/groups/catalog", catalogTooLong).1["error"]?["code"] == "inputTooLong")
    let catalogAtLimit = "{\"input\":[" + Array(repeating: item, count: 20_000).joined(separator: ",") + "]}"
    #expect(try await send("POST", "/api/v2/bulk/groups/catalog", catalogAtLimit).0 == 202)

    let badItem = try await send(
      "PUT", path,
      #"{"input":[\#(courseJSON("a")),{"externalId":"b","name":"","defaultLang":"xx","launchUrl":"u","subjects":[],"sources":[]}]}"#
    )
    #expect(badItem.0 == 400)
    #expect(
      badItem.1["error"]?["message"]?.stringValue?.hasPrefix("/input/1/defaultLang: \"xx\" is not allowed") == true)

    let wrongType = try await send(
      "DELETE", "/api/v2/bulk/groups/catalog",
      #"{"input":[{"groupId":"\#(SeedData.mainGroupId)","contentType":"program-session","contentId":"\#(SeedData.courseId)"}]}"#
    )
    #expect(wrongType.0 == 400 && wrongType.1["error"]?["code"] == "invalidInput")

    let unknown = try await send("PUT", "/api/v2/bulk/integrations/aaaaaaaaaaaaaaaaaaaaaaaa/courses", #"{"input":[]}"#)
    #expect(unknown.0 == 404 && unknown.1["error"]?["code"] == "integrationNotFound")
    await sandbox.stop()
  }

  @Test("an operation goes pending, queued, running, completed with documented timestamps")
  func lifecycle() async throws {
    let (sandbox, token, integration) = try await prepared(SandboxConfiguration(operationDuration: .seconds(6)))
    let body = "{\"input\":[" + (0..<100).map { courseJSON("c\($0)") }.joined(separator: ",") + "]}"
    let submitted = try await rawSend(
      sandbox, "PUT", "/api/v2/bulk/integrations/\(integration)/courses", headers: v2Headers(token), body: body)
    #expect(submitted.status == 202)
    #expect(submitted.body.isEmpty)
    let location = try #require(submitted.header("Location"))
    #expect(location.hasPrefix("http://127.0.0.1:\(sandbox.port)/api/v2/bulk/operations/"))
    let path = String(location.dropFirst("http://127.0.0.1:\(sandbox.port)".count))

    var statuses: [String] = []
    var indexes: [Int] = []
    var last: JSONValue = nil
    let timestamp = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#
    for _ in 0..<400 {
      last = try json(try await rawSend(sandbox, "GET", path, headers: v2Headers(token)))
      let status = try #require(last["status"]?.stringValue)
      if statuses.last != status { statuses.append(status) }
      if let index = last["progress"]?["index"]?.intValue { indexes.append(index) }
      if status == "completed" { break }
      if statuses == ["pending"] {
        let notRun = try await rawSend(sandbox, "GET", path + "/results", headers: v2Headers(token))
        #expect(notRun.status == 400)
        #expect(try json(notRun)["error"]?["code"] == "bulkOperationNotRun")
      }
      try await Task.sleep(for: .milliseconds(60))
    }
    // Every status seen is in lifecycle order; a phase shorter than one poll under load (queued lasts 0.6 s) may
    // pass between two polls, so the timestamps below prove each phase happened, in order.
    let lifecycle = ["pending", "queued", "running", "completed"]
    #expect(statuses.first == "pending" && statuses.last == "completed")
    #expect(
      statuses.map { lifecycle.firstIndex(of: $0) ?? -1 }
        == statuses.map { lifecycle.firstIndex(of: $0) ?? -1 }.sorted())
    #expect(Set(statuses).isSubset(of: lifecycle))
    let times = ["createdAt", "queuedAt", "startedAt", "endedAt"].compactMap { last[$0]?.stringValue }
    #expect(times.count == 4 && times == times.sorted() && Set(times).count == 4, "\(times)")
    #expect(indexes == indexes.sorted())
    #expect(indexes.last == 99)
    #expect(last["type"] == "importExternalCourses")
    for field in ["createdAt", "queuedAt", "startedAt", "endedAt"] {
      #expect(last[field]?.stringValue?.range(of: timestamp, options: .regularExpression) != nil, "\(field)")
    }

    let results = try json(try await rawSend(sandbox, "GET", path + "/results", headers: v2Headers(token)))
    let entries = try #require(results.arrayValue)
    #expect(entries.count == 100)
    #expect(entries.map { $0["input"]?["externalId"]?.stringValue } == (0..<100).map { "c\($0)" })
    #expect(entries.allSatisfy { $0["status"] == "success" && $0["resourceId"]?.stringValue?.count == 24 })
    await sandbox.stop()
  }

  @Test("a fourth concurrent operation gets 429 bulkOperationsConcurrencyLimitReached")
  func concurrencyLimit() async throws {
    let (sandbox, token, integration) = try await prepared(SandboxConfiguration(operationDuration: .seconds(5)))
    let path = "/api/v2/bulk/integrations/\(integration)/courses"
    for i in 0..<3 {
      #expect(
        try await rawSend(sandbox, "PUT", path, headers: v2Headers(token), body: "{\"input\":[\(courseJSON("c\(i)"))]}")
          .status == 202)
    }
    let fourth = try await rawSend(
      sandbox, "PUT", path, headers: v2Headers(token), body: "{\"input\":[\(courseJSON("c4"))]}")
    #expect(fourth.status == 429)
    #expect(try json(fourth)["error"]?["code"] == "bulkOperationsConcurrencyLimitReached")
    await sandbox.stop()
  }

  @Test("operations list 20 per page, newest first, with a next link that keeps the filters")
  func operationsPagination() async throws {
    let (sandbox, token, integration) = try await prepared(SandboxConfiguration(operationDuration: .zero))
    for i in 0..<25 {
      _ = try await rawSend(
        sandbox, "PUT", "/api/v2/bulk/integrations/\(integration)/courses", headers: v2Headers(token),
        body: "{\"input\":[\(courseJSON("c\(i)"))]}")
    }
    let first = try await rawSend(
      sandbox, "GET", "/api/v2/bulk/operations?status%5Beq%5D=completed", headers: v2Headers(token))
    #expect(try json(first).arrayValue?.count == 20)
    let link = try #require(first.header("Link"))
    #expect(link.hasPrefix("</api/v2/bulk/operations?next=") && link.hasSuffix(">; rel=\"next\""))
    let next = String(link.dropFirst().prefix { $0 != ">" })
    let second = try await rawSend(sandbox, "GET", next, headers: v2Headers(token))
    #expect(try json(second).arrayValue?.count == 5)
    #expect(second.header("Link") == nil)
    await sandbox.stop()
  }

  @Test("injected faults repeat exactly for the same seed")
  func faultsAreReproducible() async throws {
    func statuses(seed: UInt64) async throws -> [Int] {
      let sandbox = try await Sandbox.start(
        SandboxConfiguration(faults: FaultSettings(serverErrorRate: 0.3, tooManyRequestsRate: 0.2, seed: seed)))
      let token = try await sandboxToken(sandbox)
      var out: [Int] = []
      for _ in 0..<40 {
        out.append(try await rawSend(sandbox, "GET", "/api/v2/integrations", headers: v2Headers(token)).status)
      }
      await sandbox.stop()
      return out
    }
    let a = try await statuses(seed: 42)
    #expect(a == (try await statuses(seed: 42)))
    #expect(a != (try await statuses(seed: 43)))
    #expect(Set(a).isSuperset(of: [200, 429]))
    #expect(a.contains { $0 >= 500 })
  }
}
