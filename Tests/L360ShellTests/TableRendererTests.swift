import L360JSON
import L360Language
import L360Shell
import OrderedCollections
import Testing

@Suite("Lists of objects as tables")
struct TableRendererTests {
  private func rows(_ json: String) throws -> [OrderedDictionary<String, Value>] {
    try #require(TableRenderer.rows(of: Value(JSONParser.parse(json))))
  }

  @Test("columns from the keys in the order they first appear; missing fields, null, lists and objects as cells")
  func columns() throws {
    let table = TableRenderer.render(
      try rows(#"[{"a": 1, "b": "x"}, {"a": 2, "c": [1, 2], "d": null}, {"e": {"k": true}}]"#), width: 100)
    #expect(
      table == """
        a  b  c      d  e
        1  x
        2     [1,2]
                        {"k":true}
        """)
  }

  @Test("text beyond ASCII lines up: an emoji or an accent is one character of its column")
  func wideCharacters() throws {
    let table = TableRenderer.render(
      try rows(#"[{"name": "🎓 SQL", "n": 1}, {"name": "Café", "n": 22}, {"name": "Git", "n": 3}]"#), width: 100)
    #expect(
      table == """
        name   n
        🎓 SQL  1
        Café   22
        Git    3
        """)
  }

  @Test("fitted to the width: the widest columns are narrowed and long values end with an ellipsis")
  func fitted() throws {
    let long = String(repeating: "n", count: 50)
    let table = TableRenderer.render(try rows(#"[{"id": "6b0f", "name": "\#(long)", "type": "x"}]"#), width: 30)
    let lines = table.split(separator: "\n").map(String.init)
    #expect(lines.allSatisfy { $0.count <= 30 }, "\(lines)")
    #expect(lines[1].contains("…"))
    #expect(lines[1].hasPrefix("6b0f  nnn"))
    #expect(lines[1].hasSuffix("x"))
  }

  @Test("only a non-empty list of objects is a table")
  func onlyListsOfObjects() throws {
    #expect(TableRenderer.rows(of: Value(try JSONParser.parse("[1, 2]"))) == nil)
    #expect(TableRenderer.rows(of: Value(try JSONParser.parse("[]"))) == nil)
    #expect(TableRenderer.rows(of: Value(try JSONParser.parse(#"{"a": 1}"#))) == nil)
    #expect(TableRenderer.rows(of: Value(try JSONParser.parse(#"[{"a": 1}, 2]"#))) == nil)
  }
}
