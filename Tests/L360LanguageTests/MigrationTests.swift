import Foundation
import L360JSON
import L360Language
import L360Sandbox
import L360Schema
import L360TestSupport
import Testing

@Suite("v1 to v2 migration")
struct MigrationTests {
  let v1Body: JSONValue = [
    "authorId": "62bdbc00293a604543f44386",
    "externalPlatformLogoUrl": "https://cdn.example.com/logo.svg",
    "externalCourses": [
      [
        "externalId": "a", "launchUrl": "https://x.example/a", "mobileLaunchUrl": "https://m.example/a",
        "thumbnailUrl": "https://x.example/a.png", "title": "A", "description": "<p>A</p>", "language": "pt-BR",
        "alternativeLanguages": ["fr"], "authors": ["Jane"], "courseDuration": 0.4, "difficultyLevel": "beginner",
        "contentType": "mooc", "skills": ["63970d8e1f2a3b4c5d6e7f80"],
      ],
      [
        "externalId": "b", "launchUrl": "https://x.example/b", "title": "B", "language": "en-US",
        "courseDuration": 61.6,
      ],
    ],
  ]

  @Test("a v1 body converts to v2 inputs that validate, with every dropped or guessed field named")
  func importConversion() throws {
    let result = V1CourseImport.convert(v1Body, group: SeedData.mainGroupId, platform: "p")
    #expect(result.errors.isEmpty)
    #expect(
      result.integration
        == [
          "externalPlatform": "p", "groupId": .string(SeedData.mainGroupId), "authorId": "62bdbc00293a604543f44386",
          "externalPlatformLogoUrl": "https://cdn.example.com/logo.svg",
        ])
    #expect(
      result.courses[0]
        == [
          "externalId": "a", "launchUrl": "https://x.example/a", "mobileLaunchUrl": "https://m.example/a",
          "imageUrl": "https://x.example/a.png", "name": "A", "description": "<p>A</p>", "defaultLang": "pt_BR",
          "sources": [["name": "Jane"]], "duration": 1, "difficultyLevel": "beginner", "contentType": "mooc",
          "subjects": [],
        ])
    #expect(result.courses[1]["defaultLang"] == "en")
    #expect(result.courses[1]["duration"] == 62)
    #expect(
      result.warnings == [
        "externalCourses[0] (a): alternativeLanguages not migrated: v2 translations need translated fields (translations[].translatedFields)",
        "externalCourses[0] (a): authors -> sources[].name is a guess (v2 has no authors field)",
        "externalCourses[0] (a): skills dropped (v2 external courses have no skills)",
        "externalCourses[1] (b): language \"en-US\" has no v2 code; used \"en\"",
      ])
    #expect(result.decisions.contains("language -> defaultLang (pt-BR -> pt_BR) (1 course)"))
    #expect(result.decisions.contains("title -> name (2 courses)"))
    for course in result.courses {
      #expect(SchemaValidator().validate(course, against: V2Schemas.externalCourse).isEmpty)
    }
  }

  @Test("the converted inputs also validate against the official spec", .enabled(if: OfficialSpec.isAvailable))
  func againstOfficialSpec() throws {
    let spec = try OfficialSpec.load()
    let schema = try #require(
      spec.bulk["paths"]?["/api/v2/bulk/integrations/{integrationId}/courses"]?["put"]?["requestBody"]?["content"]?[
        "application/json"]?["schema"])
    let body: JSONValue = [
      "input": .array(V1CourseImport.convert(v1Body, group: SeedData.mainGroupId, platform: "p").courses)
    ]
    #expect(SpecSchemaValidator(document: spec.bulk).problems(body, schema).isEmpty)
  }

  @Test(
    "unknown languages and missing fields stop the migration",
    arguments: [
      (
        [
          "authorId": "62bdbc00293a604543f44386",
          "externalCourses": [["externalId": "x", "launchUrl": "u", "title": "T", "language": "xx-YY"]],
        ] as JSONValue, "language \"xx-YY\" is not a v2 language"
      ),
      (["externalCourses": []] as JSONValue, "authorId: required"),
      (["authorId": "62bdbc00293a604543f44386"] as JSONValue, "externalCourses: required"),
    ])
  func importErrors(body: JSONValue, message: String) {
    let result = V1CourseImport.convert(body, group: SeedData.mainGroupId, platform: "p")
    #expect(result.errors.contains { $0.contains(message) }, "\(result.errors)")
  }

  @Test("v1 catalog form data for three groups becomes one v2 call")
  func catalogThreeGroups() async throws {
    let sandbox = try await Sandbox.start(
      SandboxConfiguration(operationDuration: .milliseconds(100), recordRequests: true))
    let host = CapturingHost(sandbox: sandbox)
    let interpreter = Interpreter(host: host)
    let calls = """
      DELETE /api/v1/groups/5ae6f360c3b99d7884975380/catalog courses%5B0%5D=586d1323bc4937445ed96c37&pathSessions%5B1%5D=596e151663b0c99f03a3e049
      62be0535045424d93edaad7b courses[0]=586d1323bc4937445ed96c37
      64b7e1f2a3c4d5e6f7a8b9c0 courses[0]=64b7e1f2a3c4d5e6f7a8b9c2
      """
    let items = try V1CatalogRemoval.items(callsFile: calls, name: "calls.txt")
    #expect(Set(items.compactMap { $0["groupId"]?.stringValue }).count == 3)
    #expect(
      items[1] == [
        "groupId": "5ae6f360c3b99d7884975380", "contentType": "path-session", "contentId": "596e151663b0c99f03a3e049",
      ])
    let directory = try temporaryFolder("l360-mig")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("run.l360").path
    try calls.write(to: directory.appendingPathComponent("calls.txt"), atomically: true, encoding: .utf8)
    let script = "let job = migrate catalog-removal from calls.txt\nawait $job\nassert $job.succeeded == 4"
    try await interpreter.run(Parser.parse(SourceFile(name: "run.l360", text: script, path: path)))
    let deletes = await sandbox.recordedRequests().filter {
      $0.request.method == "DELETE" && $0.request.path == "/api/v2/bulk/groups/catalog"
    }
    #expect(deletes.count == 1)
    await sandbox.stop()
  }

  @Test("program sessions and bad ids are refused with the v1 field named")
  func catalogErrors() {
    #expect(throws: MigrationError.self) {
      try V1CatalogRemoval.items(group: SeedData.catalogGroupId, form: "programSessions[0]=586d1323bc4937445ed96c37")
    }
    #expect {
      try V1CatalogRemoval.items(group: SeedData.catalogGroupId, form: "courses[3]=nope")
    } throws: { ($0 as? MigrationError)?.message == "courses[3]: \"nope\" is not a 24-character hexadecimal id" }
    #expect(throws: MigrationError.self) {
      try V1CatalogRemoval.items(group: "bad", form: "courses[0]=586d1323bc4937445ed96c37")
    }
  }

  @Test("a calls file saved on Windows (CRLF) or with tabs reads the same as one with LF and spaces")
  func callsFileLineEndings() throws {
    let unix = """
      # v1 calls
      5ae6f360c3b99d7884975380 courses[0]=586d1323bc4937445ed96c37
      62be0535045424d93edaad7b pathSessions[0]=596e151663b0c99f03a3e049
      """
    let expected = try V1CatalogRemoval.items(callsFile: unix, name: "calls.txt")
    #expect(expected.count == 2)
    let windows = unix.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
    #expect(try V1CatalogRemoval.items(callsFile: windows, name: "calls.txt") == expected)
    let tabs = unix.replacingOccurrences(of: "4 courses", with: "4\tcourses").replacingOccurrences(
      of: "b pathSessions", with: "b\t pathSessions")
    #expect(try V1CatalogRemoval.items(callsFile: tabs, name: "calls.txt") == expected)
    // Errors still name the right line, with no carriage return in the message.
    #expect {
      try V1CatalogRemoval.items(callsFile: "# c\r\n5ae6f360c3b99d7884975380 courses[0]=nope\r\n", name: "c.txt")
    } throws: {
      ($0 as? MigrationError)?.message == "c.txt:2: courses[0]: \"nope\" is not a 24-character hexadecimal id"
    }
  }

  @Test("a v1 body that converts lossily says so; one with nothing to import is refused")
  func importEdgeCases() {
    func convert(_ course: JSONValue) -> V1CourseImport {
      V1CourseImport.convert(
        ["authorId": "62bdbc00293a604543f44386", "externalCourses": [course]], group: SeedData.mainGroupId,
        platform: "p")
    }
    let base: JSONValue = ["externalId": "a", "launchUrl": "https://x.example/a", "title": "A", "language": "en"]
    var long = base
    long["courseDuration"] = 200_000
    let clamped = convert(long)
    #expect(clamped.courses.first?["duration"] == 100_000)
    #expect(
      clamped.warnings.contains(
        "externalCourses[0] (a): courseDuration 200000 is over v2's maximum duration; sent as 100000 minutes"))

    var oneAuthor = base
    oneAuthor["authors"] = "Jane"
    let single = convert(oneAuthor)
    #expect(single.courses.first?["sources"] == [["name": "Jane"]])
    #expect(single.errors.isEmpty)
    var oddAuthors = base
    oddAuthors["authors"] = 42
    #expect(convert(oddAuthors).errors == ["externalCourses[0] (a): authors must be an array of names"])

    let empty = V1CourseImport.convert(
      ["authorId": "62bdbc00293a604543f44386", "externalCourses": []], group: SeedData.mainGroupId, platform: "p")
    #expect(empty.errors == ["externalCourses: empty; there is nothing to import (and no integration is created)"])
  }
}
