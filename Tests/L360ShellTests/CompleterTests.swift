import L360JSON
import L360Language
import L360Shell
import Testing

@Suite("Completion (a pure function)")
struct CompleterTests {
  let context = CompletionContext(
    variables: [
      "integration": Value(["_id": "62be0535045424d93edaad7b", "externalPlatform": "p", "groupId": "g"] as JSONValue),
      "interval": .number(JSONNumber(3)), "group": .string("g"),
    ],
    listDirectory: { path in
      path == "." ? ["courses.json", "courses.csv", "migrate.l360", ".hidden", "data/"] : ["inner.json"]
    })

  @Test(
    "candidates by context",
    arguments: [
      ("integ", ["integration"]),
      ("co", ["connect", "courses"]),
      ("he", ["help"]),
      ("integration cr", ["create"]),
      ("let i = integration cr", ["create"]),
      ("integration create plat", ["platform="]),
      ("integration create platform=x pr", ["progress=", "propagate="]),
      (
        "integration create platform=x ",
        ["author=", "completion=", "group=", "logo=", "progress=", "propagate=", "unicolor-logo="]
      ),
      ("integration create completion=t", ["completion=true"]),
      ("jobs list status=ru", ["status=running"]),
      ("jobs list type=import", ["type=importExternalCourses", "type=importExternalStatistics"]),
      ("print $inte", ["$integration", "$interval"]),
      ("print $integration.ex", ["$integration.externalPlatform"]),
      ("print $integration.", ["$integration._id", "$integration.externalPlatform", "$integration.groupId"]),
      ("integration update $integration._", ["$integration._id"]),
      ("integration create group=$gr", ["group=$group"]),
      ("courses upsert from cou", ["courses.csv", "courses.json"]),
      ("courses upsert from data/", ["data/inner.json"]),
      ("courses upsert from .h", [".hidden"]),
      ("help cat", ["catalog"]),
      ("print 1; integ", ["integration"]),
      ("if $x { integ", ["integration"]),
      ("frobnicate ", []),
    ])
  func candidates(line: String, expected: [String]) {
    #expect(Completer.candidates(line: line, cursor: line.utf8.count, context: context) == expected)
  }

  @Test(
    "a request's query completes its names and values, after ? and inside query={...}",
    arguments: [
      ("request GET /api/v2/users?st", ["/api/v2/users?status[eq]=", "/api/v2/users?status[ne]="]),
      ("request GET /api/v2/users?status[e", ["eq]="]),
      ("request GET /api/v2/users?status[eq]=in", ["=invited"]),
      ("request GET /api/v2/users?status[eq]=active&status", ["=active&status[ne]="]),
      ("request GET /api/v2/bulk/operations?type[eq]=importExternalS", ["=importExternalStatistics"]),
      ("request GET /api/v2/users query={\"st", ["status[eq]\":", "status[ne]\":"]),
      ("request GET /api/v2/users query={\"status[n", ["ne]\":"]),
      ("request GET /api/v2/users query={\"status[eq]\": \"in", ["invited\""]),
      ("request GET /api/v2/users query={\"status[eq]\": ", ["\"active\"", "\"deleted\"", "\"invited\""]),
      ("request GET /api/v2/users query={\"status[eq]\": \"active\", \"st", ["status[ne]\":"]),
      (
        "request GET /api/v2/paths query={",
        [
          "\"createdAt[gte]\":", "\"createdAt[lt]\":", "\"modifiedAt[gte]\":",
          "\"modifiedAt[lt]\":", "\"status[eq]\":",
        ]
      ),
      ("request GET /api/v2/courses query={\"groupId[eq]\": \"", ["62be0535045424d93edaad7b\""]),
      ("request GET /api/v2/courses?type[eq]=elearning", ["=elearning%20standard"]),
      ("request GET /api/v2/courses query={\"groupId[eq]\": $gr", ["$group"]),
      ("request GET /api/v2/users query={\"mail[in]\": [", []),
      ("request GET /api/v2/users q", ["query="]),
    ])
  func queryCandidates(line: String, expected: [String]) {
    #expect(Completer.candidates(line: line, cursor: line.utf8.count, context: context) == expected)
  }

  @Test("the cursor decides the word, not the end of the line")
  func cursorInTheMiddle() {
    let line = "integ list"
    #expect(Completer.candidates(line: line, cursor: 5, context: context) == ["integration"])
  }
}

@Suite("Input completeness")
struct InputCompletenessTests {
  @Test(
    "open brackets, strings and trailing backslashes continue",
    arguments: [
      ("let c = {", true), ("let c = {\n\"a\": [1,", true), ("let c = {\n\"a\": [1, 2]\n}", false),
      ("print \"open", true), ("print \"closed\"", false), ("integration list \\", true), ("print 1", false),
      ("if $x {", true), ("if $x { print 1 }", false), ("print 'a", true), ("print (1 +", true), ("print ]", false),
    ])
  func needsMore(text: String, expected: Bool) {
    #expect(InputCompleteness.needsMoreInput(text) == expected)
  }
}
