import Foundation
import FoundationXML
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

@Suite("--report: a run's commands as JUnit XML or JSON, for CI")
struct ReportTests {
  private static let script = """
    let i = integration create platform=report group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
    let job = courses upsert from courses.jsonl into $i
    await $job
    assert $job.failed == 0 "every course upserted"
    """

  /// A folder with the script and two courses, the second by an author who does not exist (it fails alone).
  private func folder() throws -> URL {
    let folder = try temporaryFolder("l360-report")
    try Self.script.write(to: folder.appendingPathComponent("nightly.l360"), atomically: true, encoding: .utf8)
    try """
    {"externalId":"r1","name":"One","defaultLang":"en","launchUrl":"https://x.example/1","subjects":[],"sources":[]}
    {"externalId":"r2","name":"Two","defaultLang":"en","launchUrl":"https://x.example/2","subjects":[],"sources":[],"authorId":"0123456789abcdef01234567"}
    """.write(to: folder.appendingPathComponent("courses.jsonl"), atomically: true, encoding: .utf8)
    return folder
  }

  @Test("JUnit XML: one case per command, the failed items in the await's case, the failed assert as a failure")
  func junit() async throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try await runL360(["run", "nightly.l360", "--report", "report.xml"], directory: folder)
    #expect(run.exitCode == 3, "\(run.stderr)")
    let document = try XMLDocument(contentsOf: folder.appendingPathComponent("report.xml"))
    let suite = try #require(try document.nodes(forXPath: "/testsuites/testsuite").first as? XMLElement)
    #expect(suite.attribute(forName: "tests")?.stringValue == "4")
    #expect(suite.attribute(forName: "failures")?.stringValue == "1")
    let cases = try document.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
    #expect(
      cases.map { $0.attribute(forName: "name")?.stringValue ?? "" } == [
        "nightly.l360:1 integration create platform=report group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386",
        "nightly.l360:2 courses upsert from courses.jsonl into $i", "nightly.l360:3 await $job",
        #"nightly.l360:4 assert $job.failed == 0 "every course upserted""#,
      ])
    #expect(cases.allSatisfy { $0.attribute(forName: "file")?.stringValue == "nightly.l360" })
    #expect(cases[2].attribute(forName: "line")?.stringValue == "3")
    let items = try cases[2].nodes(forXPath: "system-out").first?.stringValue ?? ""
    #expect(items.contains("1 item failed:\ncourses.jsonl:2: "), "\(items)")
    let failure = try #require(try cases[3].nodes(forXPath: "failure").first as? XMLElement)
    #expect(failure.attribute(forName: "type")?.stringValue == "assertion")
    #expect(failure.attribute(forName: "message")?.stringValue?.contains("every course upserted") == true)
    #expect(failure.stringValue?.contains("nightly.l360:4:8: ") == true, "the text holds the located message")
  }

  @Test("JSON, and a run that stops at a syntax error still writes its report")
  func jsonAndSyntaxError() async throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try await runL360(["run", "nightly.l360", "--report", "report.json"], directory: folder)
    #expect(run.exitCode == 3)
    let report = try JSONParser.parse(bytes: Array(Data(contentsOf: folder.appendingPathComponent("report.json"))))
    #expect(report["exitCode"] == 3 && report["status"] == "failed")
    let cases = try #require(report["cases"]?.arrayValue)
    #expect(cases.count == 4)
    #expect(cases[2]["failedItemCount"] == 1)
    #expect(cases[2]["failedItems"]?[0]?["source"] == "courses.jsonl:2")
    #expect(cases[3]["status"] == "failed" && cases[3]["failure"]?["kind"] == "assertion")

    try "let x = (\n".write(to: folder.appendingPathComponent("broken.l360"), atomically: true, encoding: .utf8)
    let broken = try await runL360(["run", "broken.l360", "--report", "broken.xml"], directory: folder)
    #expect(broken.exitCode == 2)
    let document = try XMLDocument(contentsOf: folder.appendingPathComponent("broken.xml"))
    let failures = try document.nodes(forXPath: "//testcase/failure")
    #expect(failures.count == 1)
    #expect((failures.first as? XMLElement)?.attribute(forName: "type")?.stringValue == "usage")
  }

  @Test("a failure a try caught is not a failure of the run: the report keeps it as handled")
  func caughtIsNotFailed() async throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
    let i = integration create platform=caught group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
    try {
      integration create platform=caught group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
    } catch e {
      print "already there:", $e.code
    }
    """.write(to: folder.appendingPathComponent("caught.l360"), atomically: true, encoding: .utf8)
    let run = try await runL360(["run", "caught.l360", "--report", "caught.xml"], directory: folder)
    #expect(run.exitCode == 0, "\(run.stderr)")
    let document = try XMLDocument(contentsOf: folder.appendingPathComponent("caught.xml"))
    let suite = try #require(try document.nodes(forXPath: "/testsuites/testsuite").first as? XMLElement)
    #expect(suite.attribute(forName: "tests")?.stringValue == "2")
    #expect(suite.attribute(forName: "failures")?.stringValue == "0")
    #expect(try document.nodes(forXPath: "//failure").isEmpty)
    let handled = try document.nodes(forXPath: "//testcase/system-out").first?.stringValue ?? ""
    #expect(
      handled.hasPrefix("failed and caught by try: integration create failed: duplicateExternalPlatform"), "\(handled)")
  }
}
