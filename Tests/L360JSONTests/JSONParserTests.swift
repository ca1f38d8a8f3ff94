import L360JSON
import OrderedCollections
import Testing

@Suite("JSON parser")
struct JSONParserTests {
  @Test(
    "compact documents come back byte for byte",
    arguments: [
      #"{"b":1,"a":2,"c":{"z":true,"y":false,"x":null}}"#,
      #"[1.10,12345678901234567890,-0.5e-3,1E+2,0,-0]"#,
      #"{"name":"café ✓ 日本","quote":"a\"b\\c","tab":"\t\n"}"#,
      #"[]"#,
      #"{}"#,
      #"[[[]],{"":""}]"#,
      #""just a string""#,
    ])
  func roundTrip(text: String) throws {
    let value = try JSONParser.parse(text)
    #expect(JSONWriter.compact(value) == text)
  }

  @Test("object keys keep the order they were written in")
  func keyOrder() throws {
    let value = try JSONParser.parse(#"{"zeta":1,"alpha":2,"mid":3,"beta":4}"#)
    #expect(value.objectValue.map { Array($0.keys) } == ["zeta", "alpha", "mid", "beta"])
  }

  @Test("numbers keep their text and still compute")
  func numberText() throws {
    let value = try JSONParser.parse(#"[1.10, 12345678901234567890, 42, 2.0, 1e3]"#)
    #expect(value[0]?.numberValue?.text == "1.10")
    #expect(value[0]?.doubleValue == 1.1)
    #expect(value[1]?.numberValue?.text == "12345678901234567890")
    #expect(value[1]?.intValue == nil)  // too big for Int: not silently rounded
    #expect(value[2]?.intValue == 42)
    #expect(value[3]?.intValue == 2)
    #expect(value[4]?.intValue == 1000)
  }

  @Test("escapes decode, including surrogate pairs")
  func escapes() throws {
    let value = try JSONParser.parse(#""\u00e9\ud83d\ude00\/\b\f\r""#)
    #expect(value.stringValue == "é😀/\u{8}\u{c}\r")
  }

  struct BadInput: CustomTestStringConvertible, Sendable {
    let text: String
    let line: Int
    let column: Int
    let message: String
    var testDescription: String { text.debugDescription }
  }

  @Test(
    "errors say where and what",
    arguments: [
      BadInput(text: "", line: 1, column: 1, message: "empty input"),
      BadInput(text: "{\"a\":1,}", line: 1, column: 8, message: "expected a string key"),
      BadInput(text: "{\n  \"a\": 1\n  \"b\": 2\n}", line: 3, column: 3, message: "expected ',' or '}'"),
      BadInput(text: "[1, 2", line: 1, column: 6, message: "expected ',' or ']'"),
      BadInput(text: "[01]", line: 1, column: 2, message: "leading zeros"),
      BadInput(text: "[1.]", line: 1, column: 4, message: "digit after '.'"),
      BadInput(text: "\"abc", line: 1, column: 1, message: "unterminated string"),
      BadInput(text: "\"a\nb\"", line: 1, column: 3, message: "control character"),
      BadInput(text: "[tru]", line: 1, column: 2, message: "expected 'true'"),
      BadInput(text: "{\"a\":1,\"a\":2}", line: 1, column: 8, message: "duplicate key \"a\""),
      BadInput(text: "[1] x", line: 1, column: 5, message: "after the JSON value"),
      BadInput(text: "\"\\x\"", line: 1, column: 2, message: "invalid escape"),
      BadInput(text: "\"\\ud800\"", line: 1, column: 2, message: "unpaired UTF-16 surrogate"),
      BadInput(text: "NaN", line: 1, column: 1, message: "expected a JSON value"),
    ])
  func errorPositions(input: BadInput) {
    #expect {
      _ = try JSONParser.parse(input.text)
    } throws: { error in
      guard let error = error as? JSONParseError else { return false }
      return error.line == input.line && error.column == input.column && error.message.contains(input.message)
    }
  }

  @Test("deep nesting fails with a clear error instead of overflowing the stack")
  func deepNesting() throws {
    let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
    let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    #expect(error.message == "nesting is deeper than 512 levels")
    #expect(error.column == 513)

    let atLimit = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
    #expect(throws: Never.self) { try JSONParser.parse(atLimit) }
    #expect(throws: JSONParseError.self) { try JSONParser(maxDepth: 10).parse(Array("[[[[[[[[[[[1]]]]]]]]]]]".utf8)) }
  }

  @Test(
    "invalid UTF-8 in strings is rejected at the bad byte",
    arguments: [
      ([0x22, 0xC3, 0x28, 0x22] as [UInt8], 2),  // lead byte without continuation
      ([0x22, 0x61, 0xFF, 0x22], 3),  // never valid
      ([0x22, 0xC0, 0xAF, 0x22], 2),  // overlong "/"
      ([0x22, 0xED, 0xA0, 0x80, 0x22], 2),  // encoded surrogate
      ([0x22, 0xE2, 0x82], 2),  // truncated at end of input
    ])
  func invalidUTF8(bytes: [UInt8], column: Int) {
    #expect {
      _ = try JSONParser.parse(bytes: bytes)
    } throws: { error in
      guard let error = error as? JSONParseError else { return false }
      return error.column == column && error.message.contains("UTF-8")
    }
  }

  @Test("a UTF-8 byte order mark is skipped")
  func byteOrderMark() throws {
    #expect(try JSONParser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == [1])
  }
}
