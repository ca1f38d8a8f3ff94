import Foundation
import L360JSON
import L360TestSupport
import Testing

@Suite("--output json: standard output is JSON Lines")
struct JSONOutputTests {
  @Test("every line of stdout is one JSON value: prints are strings, a job is its counts and ids, not its inputs")
  func jsonLines() async throws {
    let script = """
      print "courses:", 3
      let i = integration create platform=json-lines group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      integration list
      let job = courses upsert from courses.json into $i
      await $job
      print $job.failed
      """
    let result = try await runL360(
      ["--output", "json", "-c", script], directory: packageRoot.appendingPathComponent("examples"))
    #expect(result.exitCode == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 4, "\(lines)")
    var values: [JSONValue] = []
    for line in lines { values.append(try JSONParser.parse(bytes: Array(line.utf8))) }
    #expect(values.first == .string("courses: 3"))
    #expect(values.last == .string("1"))
    let job = try #require(values.first { $0["type"]?.stringValue == "importExternalCourses" })
    #expect(job["total"] == .number(JSONNumber(3)))
    #expect(job["results"] == nil)
    #expect(job["errors"] == nil)
  }
}
