import Foundation
import L360Client
import L360Schema
import L360TestSupport
import Testing

@Suite("The operation index: the whole v2 API as data")
struct OperationIndexTests {
  @Test(
    "the committed index is what the official specs give, transcribed again",
    .enabled(if: OfficialSpec.isAvailable, "the specs are at ../shared/spec only beside the workplace"))
  func transcription() throws {
    let generate = Process()
    generate.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    generate.arguments = [
      "python3", packageRoot.appendingPathComponent("scripts/lib/operation-index.py").path,
      OfficialSpec.directory.appendingPathComponent("360learning-core-api.json").path,
      OfficialSpec.directory.appendingPathComponent("360learning-bulk-api.json").path,
    ]
    let output = Pipe()
    generate.standardOutput = output
    try generate.run()
    let fresh = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    generate.waitUntilExit()
    let committed = try String(
      contentsOf: packageRoot.appendingPathComponent("Sources/L360Schema/OperationIndex+Operations.swift"),
      encoding: .utf8)
    #expect(generate.terminationStatus == 0)
    #expect(fresh == committed, "regenerate with the command at the top of OperationIndex+Operations.swift")
    #expect(OperationIndex.operations.count == 151)
    #expect(OperationIndex.operations.filter(\.answersWithLocation).count == 20)
  }

  @Test(
    "a request that is no operation of the API is refused with what is wrong and the closest name",
    arguments: [
      ("GET", "/api/v2/userz", [], "no v2 operation has the path /api/v2/userz (did you mean /api/v2/users?)"),
      ("PATCH", "/api/v2/bulk/groups/catalog", [], "/api/v2/bulk/groups/catalog takes POST, DELETE, not PATCH"),
      ("GET", "/api/v2/groups/abc", [], "groupId in /api/v2/groups/{groupId} must be a 24-character hexadecimal id"),
      (
        "GET", "/api/v2/groups/62be0535045424d93edaad7b/catalog/paths-ids", [],
        "contentType in /api/v2/groups/{groupId}/catalog/{contentType}-ids must be path-session or course"
      ),
      ("GET", "/api/v2/users", [("mails[eq]", "a@b.c")], "has no query parameter 'mails' (did you mean 'mail'?)"),
      ("GET", "/api/v2/users", [("status[gt]", "active")], "status takes status[eq|ne], not [gt]"),
      ("GET", "/api/v2/users", [("status[eq]", "gone")], "status[eq] must be active, invited, deleted, not \"gone\""),
      ("GET", "users", [], "paths of the v2 API start with /api/v2/"),
    ])
  func refused(method: String, path: String, query: [(String, String)], message: String) {
    let problem = OperationIndex.problem(method: method, path: path, query: query.map { (name: $0.0, value: $0.1) })
    #expect(problem?.contains(message) == true, "\(String(describing: problem))")
  }

  @Test("operations of the API pass, the most literal template winning")
  func accepted() {
    #expect(OperationIndex.problem(method: "GET", path: "/api/v2/users", query: [("status[eq]", "active")]) == nil)
    #expect(OperationIndex.problem(method: "DELETE", path: "/api/v2/bulk/groups/catalog", query: []) == nil)
    #expect(
      OperationIndex.problem(
        method: "GET", path: "/api/v2/groups/62be0535045424d93edaad7b/library/course-ids", query: []) == nil)
    #expect(OperationIndex.matching(path: "/api/v2/bulk/operations").first?.operation.path == "/api/v2/bulk/operations")
  }

  @Test("paths complete one segment at a time; an id slot offers the session's ids, a set its values")
  func completions() {
    #expect(OperationIndex.completions(method: "GET", typed: "/api/v2/us") == ["/api/v2/users", "/api/v2/users/"])
    let group = "62be0535045424d93edaad7b"
    #expect(
      OperationIndex.completions(method: "GET", typed: "/api/v2/groups/", ids: [group]).contains(
        "/api/v2/groups/\(group)"))
    #expect(OperationIndex.completions(method: "GET", typed: "/api/v2/groups/").contains("/api/v2/groups/{groupId}"))
    #expect(
      OperationIndex.completions(method: "GET", typed: "/api/v2/groups/\(group)/catalog/") == [
        "/api/v2/groups/\(group)/catalog/course-ids", "/api/v2/groups/\(group)/catalog/path-session-ids",
      ])
    #expect(OperationIndex.completions(method: "GET", typed: "") == ["/api/"])
  }

  @Test("an operation is explained: summary, parameters with their values, paging, and a Location to await")
  func described() throws {
    let users = try #require(OperationIndex.describe(method: "GET", path: "/api/v2/users"))
    #expect(users.hasPrefix("GET /api/v2/users: get users"))
    #expect(users.contains("status[eq|ne] (active, invited, deleted)"))
    #expect(users.contains("paging: 500 per page"))
    let bulk = try #require(OperationIndex.describe(method: nil, path: "/api/v2/bulk/groups/catalog"))
    #expect(bulk.contains("POST /api/v2/bulk/groups/catalog") && bulk.contains("DELETE /api/v2/bulk/groups/catalog"))
    #expect(bulk.contains("answers 202 with a Location"))
    #expect(OperationIndex.describe(method: "GET", path: "/api/v2/nothing") == nil)
  }
}
