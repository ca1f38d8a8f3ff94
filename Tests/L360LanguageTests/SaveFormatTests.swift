import Foundation
import L360Language
import L360Sandbox
import L360TestSupport
import Testing

@Suite("save writes the format its file extension names")
struct SaveFormatTests {
  @Test("a .csv gets CSV that l360 reads back into the same courses, quotes and nested fields included")
  func csvRoundTrip() async throws {
    let folder = try temporaryFolder("l360-csv")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("courses.csv").path
    let (host, error) = try await runScript(
      #"""
      let i = integration create platform=csvSave group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      let courses = [
        {"externalId": "a", "name": "A, with \"quotes\"", "defaultLang": "en", "launchUrl": "https://x.example/a",
         "subjects": ["s1", "s2"], "sources": [{"name": "Vendor"}], "duration": 30},
        {"externalId": "b", "name": "B", "defaultLang": "fr", "launchUrl": "https://x.example/b",
         "subjects": [], "sources": []}
      ]
      save $courses to "\#(file)"
      let job = courses upsert from "\#(file)" into $i
      await $job
      assert $job.succeeded == 2
      let a = courses get a in $i
      print $a.name, $a.subjects, $a.sources[0].name, $a.duration
      """#)
    #expect(error == nil, "\(String(describing: error))")
    #expect(host.output.last == #"A, with "quotes" ["s1","s2"] Vendor 30"#)
    let text = try String(contentsOfFile: file, encoding: .utf8)
    #expect(
      text.hasPrefix(
        "externalId,name,defaultLang,launchUrl,subjects,sources.0.name,duration\r\n"
          + #"a,"A, with ""quotes""",en,https://x.example/a,s1;s2,Vendor,30"# + "\r\n"))
  }

  @Test("values that are not rows of objects are refused for .csv, and nothing is written")
  func csvRefusal() async throws {
    let folder = try temporaryFolder("l360-csv")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("numbers.csv").path
    let (_, error) = try await runScript(#"save [{"a": 1}, 2] to "\#(file)""#)
    #expect(
      error?.message
        == "cannot save as CSV: a .csv file holds one object per row; item 2 is a number; save to .json or .jsonl instead"
    )
    #expect(!FileManager.default.fileExists(atPath: file))
  }
}
