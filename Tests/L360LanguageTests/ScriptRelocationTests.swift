import Foundation
import L360Language
import Testing

@Suite("save-script: file names still name the same files from the script's folder")
struct ScriptRelocationTests {
  @Test(
    "literal file names are rewritten; names computed at run time and absolute ones are left alone",
    arguments: [
      (
        "courses upsert from data/c.json into $i", "/w", "/w/scripts",
        #"courses upsert from "../data/c.json" into $i"#
      ),
      (#"save $x to "out.jsonl""#, "/w", "/w", #"save $x to "out.jsonl""#),
      ("source lib.l360", "/w", "/tmp/x", #"source "../../w/lib.l360""#),
      ("courses upsert from $file into $i", "/w", "/elsewhere", "courses upsert from $file into $i"),
      ("save 1 to /abs/a.json", "/w", "/elsewhere", "save 1 to /abs/a.json"),
      (
        "if true {\n  save 1 to a.json\n} else {\n  catalog remove from rm.csv\n}", "/w/a", "/w/b",
        "if true {\n  save 1 to \"../a/a.json\"\n} else {\n  catalog remove from \"../a/rm.csv\"\n}"
      ),
      (
        "let job = courses sync from c.jsonl into $i state=s.json", "/w", "/w/s",
        #"let job = courses sync from "../c.jsonl" into $i state="../s.json""#
      ),
    ])
  func relocate(statement: String, from base: String, to folder: String, expected: String) {
    #expect(ScriptRelocation.relocate(statement, from: base, to: folder) == expected)
  }
}
