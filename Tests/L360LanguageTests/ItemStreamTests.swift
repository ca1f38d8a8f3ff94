import Foundation
import L360JSON
import L360Schema
import L360TestSupport
import Testing

@testable import L360Language

/// Writes `text` to a fresh temporary file with `name`'s extension and returns its path.
private func file(_ name: String, _ bytes: [UInt8]) throws -> String {
  let directory = try temporaryFolder("l360-stream")
  let path = directory.appendingPathComponent(name).path
  FileManager.default.createFile(atPath: path, contents: Data(bytes))
  return path
}

private func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }

/// Every item of a stream with its line, as compact JSON.
private func readAll(_ path: String, schema: Schema? = nil) throws -> [(String, Int)] {
  let stream = try ItemStream(path: path, name: (path as NSString).lastPathComponent, schema: schema)
  var out: [(String, Int)] = []
  while let item = try stream.next() { out.append((JSONWriter.compact(item.value), item.line)) }
  return out
}

private func failure(_ path: String) -> String? {
  do {
    _ = try readAll(path)
    return nil
  } catch { return "\(error)" }
}

@Suite("Streaming item reader")
struct ItemStreamTests {
  @Test("a JSON array, an {input} object, JSON Lines and CSV give the same items, each with its line")
  func formats() throws {
    let array = try file("a.json", "[\n  {\"id\": 1},\n  {\"id\": 2,\n   \"x\": [1, 2]},\n  \"three\", 4, null\n]\n")
    #expect(try readAll(array).map(\.0) == [#"{"id":1}"#, #"{"id":2,"x":[1,2]}"#, #""three""#, "4", "null"])
    #expect(try readAll(array).map(\.1) == [2, 3, 5, 5, 5])

    let wrapped = try file("w.json", #"{"note": {"a": [1, "]"]}, "input": [{"id": 1}, {"id": 2}], "after": true}"#)
    #expect(try readAll(wrapped).map(\.0) == [#"{"id":1}"#, #"{"id":2}"#])

    let lines = try file("l.jsonl", "{\"id\":1}\n\n  \n{\"id\":2}\r\n{\"id\":3}")
    #expect(try readAll(lines).map(\.1) == [1, 4, 5])

    let csv = try file("c.csv", "externalId,subjects,duration\na,x;y,5\n\"b\nc\",,7\n")
    let rows = try readAll(csv, schema: V2Schemas.externalCourse)
    #expect(
      rows.map(\.0) == [
        #"{"externalId":"a","subjects":["x","y"],"duration":5}"#, #"{"externalId":"b\nc","subjects":[],"duration":7}"#,
      ])
    #expect(rows.map(\.1) == [2, 3])

    let bom = try file("b.jsonl", [0xEF, 0xBB, 0xBF] + Array("{\"id\":1}\n".utf8))
    #expect(try readAll(bom).map(\.0) == [#"{"id":1}"#])
  }

  @Test("CSV: empty array cells are [], a cell of the wrong type stays text for validation to report with its line")
  func csvCells() throws {
    let csv = try file(
      "c.csv",
      "externalId,subjects,sources.0.name,duration\na,,,abc\nb,x,Academy,30\nc,,,\n")
    let rows = try readAll(csv, schema: V2Schemas.externalCourse)
    #expect(
      rows.map(\.0) == [
        #"{"externalId":"a","subjects":[],"sources":[],"duration":"abc"}"#,
        #"{"externalId":"b","subjects":["x"],"sources":[{"name":"Academy"}],"duration":30}"#,
        #"{"externalId":"c","subjects":[],"sources":[]}"#,
      ])
    // The text is then one more problem among the item's others, at its line.
    let problems = SchemaValidator().validate(try JSONParser.parse(rows[0].0), against: V2Schemas.externalCourse)
    #expect(problems.map(\.description).contains { $0.hasPrefix("/duration: ") })
  }

  @Test("items across the 1 MiB read blocks come back whole, in order, with their lines")
  func acrossBlocks() throws {
    // Items of about 300 bytes, 10,000 of them: about 3 MiB, so items straddle block boundaries.
    let padding = String(repeating: "x", count: 280)
    var text = "[\n"
    for i in 0..<10_000 { text += (i == 0 ? "" : ",\n") + #"{"n":\#(i),"p":"\#(padding)"}"# }
    text += "\n]"
    let items = try readAll(try file("big.json", text))
    #expect(items.count == 10_000)
    #expect(
      items.enumerated().allSatisfy { $0.element.0.hasPrefix("{\"n\":\($0.offset),") && $0.element.1 == $0.offset + 2 })
    let jsonl = (0..<10_000).map { #"{"n":\#($0),"p":"\#(padding)"}"# }.joined(separator: "\n")
    #expect(try readAll(try file("big.jsonl", jsonl)).map(\.1) == Array(1...10_000))
  }

  @Test("bad files fail with file, line and column, and nothing is returned past the problem")
  func errors() throws {
    let cases: [(String, String, String)] = [
      ("t.json", "[{\"id\": 1},\n {\"id\": 2", "t.json:2:2: the file ends inside an item"),
      ("u.json", "[{\"id\": 1},\n", "u.json:2:1: the file ends inside the array of items"),
      ("g.json", "[1, 2] x", "g.json:1:8: unexpected text after the array of items"),
      ("s.json", "42", "s.json:1:1: expected a JSON array of items, or an object with an \"input\" array"),
      ("o.json", "{\"items\": []}", "o.json:1:13: expected an object with an \"input\" array of items"),
      ("e.json", "", "e.json:1:1: the file is empty; expected a JSON array of items"),
      ("c.json", "[{\"a\": 1} {\"b\": 2}]", "c.json:1:11: expected ',' or ']' after an item"),
      (
        "k.json", "[{\"a\": 1},\n]", "k.json:2:1: expected an item after ',' (JSON allows no trailing or doubled comma)"
      ),
      ("d.json", "[{\"a\": 1},, {\"b\": 2}]", "d.json:1:11: expected an item after ','"),
      ("p.json", "[\n  {\"a\": tru}\n]", "p.json:2:9: invalid literal"),
      ("l.jsonl", "{\"a\":1}\n{\"a\":\n", "l.jsonl:2: column 6: "),
      ("q.csv", "a,b\n\"x,1\n", "q.csv:2: a quoted field is never closed"),
      ("f.csv", "a,b\n1\n", "f.csv:2: 1 fields, but the header has 2"),
      ("x.jsonl", "{\"a\":\"\u{1}\"}", "x.jsonl:1: column 7: "),
    ]
    for (name, text, expected) in cases {
      let message = failure(try file(name, text))
      #expect(message?.hasPrefix(expected) == true, "\(name): \(message ?? "no error")")
    }
    let binary = failure(try file("bin.jsonl", [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]))
    #expect(binary?.hasPrefix("bin.jsonl:1: column 7:") == true, "\(binary ?? "no error")")
    #expect(failure("/nonexistent/l360/x.json") == "no such file: x.json")
    #expect(failure(FileManager.default.temporaryDirectory.path)?.hasSuffix("is not a regular file") == true)
  }

  @Test("an item longer than the limit is refused with its line, not read into memory")
  func hugeItem() throws {
    // A 3 MiB limit (the default is 64 MiB) keeps the test quick; the item spans several read blocks.
    let limit = 3 << 20
    for (name, open, close) in [
      ("huge.jsonl", "{\"a\":1}\n{\"a\":\"", "\"}\n"), ("huge.json", "[{\"a\":1},\n\"", "\"]"),
    ] {
      var bytes = Array(open.utf8)
      bytes += [UInt8](repeating: UInt8(ascii: "x"), count: limit + 10)
      bytes += Array(close.utf8)
      let path = try file(name, bytes)
      let stream = try ItemStream(path: path, name: name, maxItemBytes: limit)
      #expect(try stream.next()?.line == 1)
      let error = #expect(throws: ReadError.self) { try stream.next() }
      #expect(error?.description == "\(name):2: an item longer than 3 MiB")
    }
  }

  @Test("the fingerprint is the same for the same bytes and changes with one byte")
  func fingerprint() throws {
    func fingerprintOf(_ text: String) throws -> UInt64 {
      let stream = try ItemStream(path: try file("f.jsonl", text), name: "f.jsonl")
      while try stream.next() != nil {}
      return stream.fingerprint
    }
    #expect(try fingerprintOf("{\"a\":1}\n") == fingerprintOf("{\"a\":1}\n"))
    #expect(try fingerprintOf("{\"a\":1}\n") != fingerprintOf("{\"a\":2}\n"))
  }
}
