import L360JSON
import Testing

@Suite("JSON writer")
struct JSONWriterTests {
  @Test("minifying drops whitespace between tokens only, and appends after what is there")
  func minify() {
    let text = "{\n \"name\" : \"a b\\\\\",\n\t\"q\": \"say \\\"hi \\\" \",\r\n \"n\": [ 1.10 , true ] }\n"
    var out = Array("[".utf8)
    JSONMinifier.append(Array(text.utf8), to: &out)
    #expect(String(decoding: out, as: UTF8.self) == #"[{"name":"a b\\","q":"say \"hi \" ","n":[1.10,true]}"#)
  }

  @Test("pretty output indents by two and keeps order")
  func pretty() {
    let value: JSONValue = ["name": "A", "subjects": ["x", "y"], "empty": [:], "none": [], "n": 1.5]
    #expect(
      JSONWriter.pretty(value) == """
        {
          "name": "A",
          "subjects": [
            "x",
            "y"
          ],
          "empty": {},
          "none": [],
          "n": 1.5
        }
        """)
  }

  @Test("control characters are escaped and read back")
  func controlCharacters() throws {
    let text = String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }) + "\"\\é"
    let written = JSONWriter.compact(.string(text))
    #expect(!written.utf8.contains { $0 < 0x20 })
    #expect(try JSONParser.parse(written).stringValue == text)
  }

  @Test("numbers made from Swift values are written naturally")
  func numbersFromValues() {
    #expect(JSONWriter.compact([1, 2.5, 3.0, -7]) == "[1,2.5,3,-7]")
  }
}

@Suite("JSON round-trip property")
struct JSONRoundTripPropertyTests {
  /// A tiny deterministic generator so failures reproduce exactly.
  struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func string() -> String {
      let pool: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "é", "✓", "日", "😀", "\u{7F}"]
      return String((0..<below(12)).map { _ in pool[below(pool.count)] })
    }

    mutating func number() -> JSONValue {
      let texts = ["0", "-0", "1", "-17", "3.14159", "1.10", "1e10", "-2.5E-3", "12345678901234567890123", "0.000001"]
      return .number(JSONNumber(parsing: texts[below(texts.count)])!)
    }

    mutating func value(depth: Int) -> JSONValue {
      switch below(depth > 4 ? 5 : 7) {
      case 0: return .null
      case 1: return .bool(below(2) == 0)
      case 2: return number()
      case 3, 4: return .string(string())
      case 5: return .array((0..<below(5)).map { _ in value(depth: depth + 1) })
      default:
        var object: JSONValue = [:]
        for _ in 0..<below(5) { object[string()] = value(depth: depth + 1) }
        return object
      }
    }
  }

  @Test("parse(write(v)) == v for 2,000 random values, compact and pretty")
  func roundTrip() throws {
    var generator = Generator(state: 360)
    for _ in 0..<2_000 {
      let value = generator.value(depth: 0)
      #expect(try JSONParser.parse(JSONWriter.compact(value)) == value)
      #expect(try JSONParser.parse(JSONWriter.pretty(value)) == value)
    }
  }
}
