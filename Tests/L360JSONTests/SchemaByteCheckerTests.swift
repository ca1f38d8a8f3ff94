import L360JSON
import L360Sandbox
import L360Schema
import Testing

/// What the parser and the validator (the slow path) say about `text`: nil when it does not parse.
private func slowVerdict(_ text: String, _ schema: Schema) -> (valid: Bool, externalId: String?)? {
  guard let value = try? JSONParser.parse(bytes: Array(text.utf8)) else { return nil }
  return (SchemaValidator().validate(value, against: schema).isEmpty, value["externalId"]?.stringValue)
}

/// The checker's verdict, with the captured bytes as a string.
private func fastVerdict(_ text: String, _ checker: SchemaByteChecker) -> (valid: Bool, captured: String?) {
  let bytes = Array(text.utf8)
  guard case .valid(let range) = checker.check(bytes) else { return (false, nil) }
  return (true, range.map { String(decoding: bytes[$0], as: UTF8.self) })
}

/// Fails when the checker calls `text` valid and the parser or the validator disagrees.
private func expectNeverWronglyValid(
  _ text: String, _ schema: Schema, _ checker: SchemaByteChecker, sourceLocation: SourceLocation = #_sourceLocation
) {
  let fast = fastVerdict(text, checker)
  guard fast.valid else { return }
  let slow = slowVerdict(text, schema)
  #expect(
    slow?.valid == true, "called valid, but the parser or validator rejects: \(text)", sourceLocation: sourceLocation)
  #expect(
    slow?.externalId == fast.captured, "captured \(fast.captured ?? "nil") in \(text)", sourceLocation: sourceLocation)
}

/// Random valid external courses as JSON text: optional fields, key orders, whitespace, non-ASCII text and
/// escapes vary.
private struct CourseTextGenerator {
  /// Seeded, so a failure names the seed that reproduces it.
  var random: SplitMix64

  mutating func pick<T>(_ values: [T]) -> T { values.randomElement(using: &random)! }
  mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

  /// Non-empty text mixing ASCII, accented letters, CJK, emoji and (when `escapes`) JSON escapes.
  mutating func text(escapes: Bool) -> String {
    let pieces = ["Intro", " ", "Évaluation", "数据", "🙂", "a/b", "x", "q&a", "naïve", "ß"]
    var out = ""
    for _ in 0..<Int.random(in: 1...4, using: &random) { out += pick(pieces) }
    if escapes && chance(0.3) { out += pick(["\\/", "\\\"", "\\n", "\\u00e9", "\\\\", "\\t"]) }
    return "\"\(out)\""
  }

  mutating func space() -> String { pick(["", " ", "\n  ", "\t"]) }

  mutating func course(_ n: Int) -> String {
    var members: [(String, String)] = [
      ("externalId", "\"ext-\(n)\""),
      ("name", text(escapes: true)),
      ("defaultLang", "\"\(pick(V2Enums.languages))\""),
      ("launchUrl", chance(0.5) ? "\"https:\\/\\/x.example\\/\(n)\"" : "\"https://x.example/\(n)\""),
      (
        "subjects",
        "[" + (0..<Int.random(in: 0...3, using: &random)).map { _ in text(escapes: true) }.joined(separator: ",") + "]"
      ),
      (
        "sources",
        "[{\"name\": \(text(escapes: false))\(chance(0.5) ? ", \"logoUrl\": \"https://l.example/l.png\"" : "")}]"
      ),
    ]
    if chance(0.5) { members.append(("contentType", "\"\(pick(V2Enums.externalContentTypes))\"")) }
    if chance(0.5) { members.append(("difficultyLevel", "\"\(pick(V2Enums.difficultyLevels))\"")) }
    if chance(0.5) { members.append(("duration", "\(Int.random(in: 1...100_000, using: &random))")) }
    if chance(0.3) {
      members.append(("authorId", "\"\(pick(["62be0535045424d93edaad7b", "62BE0535045424D93EDAAD7B"]))\""))
    }
    if chance(0.3) { members.append(("description", text(escapes: true))) }
    if chance(0.3) {
      members.append(
        (
          "translations",
          "[{\"lang\": \"fr\", \"translatedFields\": {\"name\": \(text(escapes: true)), \"subjects\": []}}]"
        ))
    }
    members.shuffle(using: &random)
    let body = members.map { "\(space())\"\($0.0)\"\(space()):\(space())\($0.1)" }.joined(separator: ",")
    return space() + "{" + body + space() + "}" + space()
  }
}

@Suite("Byte-level schema check: the fast path of bulk validation")
struct SchemaByteCheckerTests {
  let schema = V2Schemas.externalCourse
  let checker = SchemaByteChecker(V2Schemas.externalCourse, capture: "externalId")

  @Test("usual valid courses are recognized, with the externalId's bytes, and the slow path agrees")
  func generatedValidCourses() {
    var generator = CourseTextGenerator(random: SplitMix64(seed: 2026))
    for n in 0..<2_000 {
      let text = generator.course(n)
      let fast = fastVerdict(text, checker)
      #expect(fast.valid, "not recognized: \(text)")
      #expect(fast.captured == "ext-\(n)")
      #expect(slowVerdict(text, schema)?.valid == true, "\(text)")
    }
  }

  @Test("every one-byte change to a valid course: the checker never calls an invalid result valid")
  func mutatedCourses() {
    var generator = CourseTextGenerator(random: SplitMix64(seed: 7))
    var random = SplitMix64(seed: 11)
    let alphabet =
      Array(#"{}[]":,\ 0123456789-+.eEtrufalsn"abcdefABCDEF/u"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF]
    var stillValid = 0
    for n in 0..<3_000 {
      var bytes = Array(generator.course(n).utf8)
      let at = Int.random(in: 0..<bytes.count, using: &random)
      switch n % 3 {
      case 0: bytes[at] = alphabet.randomElement(using: &random)!
      case 1: bytes.remove(at: at)
      default: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
      }
      let text = String(decoding: bytes, as: UTF8.self)
      // Invalid UTF-8 is compared on the bytes themselves, not on a repaired string.
      let fast = checker.check(bytes)
      if case .valid(let range) = fast {
        stillValid += 1
        let value = try? JSONParser.parse(bytes: bytes)
        #expect(value != nil, "called valid, but does not parse: \(text)")
        if let value {
          #expect(SchemaValidator().validate(value, against: schema).isEmpty, "called valid: \(text)")
          #expect(value["externalId"]?.stringValue == range.map { String(decoding: bytes[$0], as: UTF8.self) })
        }
      }
    }
    // Changes inside strings keep many items valid: the comparison above ran on a good share of them.
    #expect(stillValid > 300)
  }

  @Test(
    "invalid items are never valid: each kind of violation and malformed JSON",
    arguments: [
      // subjects missing
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","sources":[{"name":"S"}]}"#,
      #"{"externalId":"","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[]}"#,  // empty id
      #"{"externalId":"e","name":"N","defaultLang":"EN","launchUrl":"u","subjects":[],"sources":[]}"#,  // enum
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[""],"sources":[]}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[{}]}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[],"duration":0}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[],"duration":100001}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[],"duration":-1}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[],"duration":"5"}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[],"authorId":"62be0535045424d93edaad7"}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[],"authorId":"62be0535045424d93edaad7g"}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[],"thumbnail":"t"}"#,
      #"{"externalId":"e","name":null,"defaultLang":"en","launchUrl":"u","subjects":[],"sources":[]}"#,
      #"{"externalId":"e","externalId":"f","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[]}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[],}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[]} x"#,
      #"{"externalId":"e","name":"\ud800","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[]}"#,
      #"{"externalId":"e","name":"\x","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[]}"#,
      "{\"externalId\":\"e\",\"name\":\"a\u{1}b\",\"defaultLang\":\"en\",\"launchUrl\":\"u\",\"subjects\":[],\"sources\":[]}",
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[],"duration":012}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[],"duration":1.}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[],"difficultyLevel":"beginner "}"#,
      #"["externalId"]"#,
      #""#,
    ])
  func invalid(_ text: String) {
    #expect(fastVerdict(text, checker).valid == false)
    #expect(slowVerdict(text, schema)?.valid != true, "the slow path must reject it too")
  }

  @Test("invalid UTF-8 inside a string is never valid")
  func invalidUTF8() {
    let prefix = Array(#"{"externalId":"e","name":""#.utf8)
    let suffix = Array(#"","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[]}"#.utf8)
    for bad: [UInt8] in [[0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xE2, 0x82]] {
      #expect(checker.check(prefix + bad + suffix) == .unsure, "\(bad)")
    }
    #expect(checker.check(prefix + [0xC3, 0xA9] + suffix) == .valid(captured: 15..<16))
  }

  @Test(
    "valid but unusual items are handed to the slow path rather than guessed",
    arguments: [
      #"{"externalId":"e\u0031","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[]}"#,
      #"{"externalId":"e","name":"N","defaultLang":"e\u006e","launchUrl":"u","subjects":[],"sources":[]}"#,
      #"{"external\u0049d":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[]}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[],"duration":2.0}"#,
      #"{"externalId":"e","name":"N","defaultLang":"en","launchUrl":"u","subjects":[],"sources":[],"duration":1e3}"#,
    ])
  func unusual(_ text: String) {
    #expect(fastVerdict(text, checker).valid == false)
    #expect(slowVerdict(text, schema)?.valid == true, "these are valid: the slow path accepts them")
  }

  @Test("values of any shape: checked as JSON, with repeated keys and non-ASCII keys left to the parser")
  func anyValues() {
    let schema = Schema.object(properties: [("meta", .any), ("n", .number()), ("ok", .boolean)], required: ["meta"])
    let checker = SchemaByteChecker(schema)
    let valid = #"{"meta": {"a": [1, -2.5e3, "x", null, true, {"b": {}}], "c": false}, "n": -0.5, "ok": true}"#
    #expect(fastVerdict(valid, checker) == (true, nil))
    #expect(slowVerdict(valid, schema)?.valid == true)
    let deep = "{\"meta\": " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
    for text in [
      #"{"meta": {"a": 1, "a": 2}}"#,  // a repeated key: the parser's error
      "{\"meta\": {\"\u{E9}\": 1, \"e\u{301}\": 2}}",  // é twice, composed and decomposed: one key to the parser
      deep,  // 100 levels: valid, but past the walk's depth
      #"{"meta": [1, 2,]}"#, #"{"meta": 01}"#, #"{"meta": tru}"#, #"{"n": 1}"#, #"{"meta": 1, "ok": "true"}"#,
    ] {
      #expect(fastVerdict(text, checker).valid == false, "\(text)")
      expectNeverWronglyValid(text, schema, checker)
    }
    #expect(slowVerdict(deep, schema)?.valid == true)
  }

  @Test("catalog items: ObjectIds and the content type enum, with no capture")
  func catalogItems() {
    let catalog = SchemaByteChecker(V2Schemas.catalogItem)
    let valid =
      #"{"groupId":"62be0535045424d93edaad7b","contentType":"path-session","contentId":"62BE0535045424D93EDAAD7C"}"#
    #expect(fastVerdict(valid, catalog) == (true, nil))
    for text in [
      #"{"groupId":"62be0535045424d93edaad7b","contentType":"path","contentId":"62be0535045424d93edaad7c"}"#,
      #"{"groupId":"62be0535045424d93edaad7b","contentType":"course"}"#,
      #"{"groupId":"62be0535045424d93edaad7","contentType":"course","contentId":"62be0535045424d93edaad7c"}"#,
    ] {
      #expect(fastVerdict(text, catalog).valid == false)
      expectNeverWronglyValid(text, V2Schemas.catalogItem, catalog)
    }
  }
}
