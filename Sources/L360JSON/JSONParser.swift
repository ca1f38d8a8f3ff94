import OrderedCollections

/// A fast byte-level JSON parser producing ``JSONValue``s, with located errors and a nesting limit.
///
/// It accepts exactly RFC 8259 JSON: no comments, no trailing commas, no NaN. Strings must be valid UTF-8.
/// Duplicate object keys are rejected, because silently keeping one of them would lose user data.
public struct JSONParser: Sendable {
  /// The deepest nesting of arrays and objects accepted; deeper input fails with a clear error
  /// instead of exhausting the stack.
  public var maxDepth: Int

  /// Makes a parser with the given nesting limit.
  public init(maxDepth: Int = 512) { self.maxDepth = maxDepth }

  /// Parses one JSON document (surrounding whitespace allowed) from UTF-8 bytes.
  public func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
    let array = Array(bytes)
    return try array.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
      var reader = Reader(bytes: buffer, maxDepth: maxDepth)
      return try reader.document()
    }
  }

  /// Parses one JSON document from a string.
  public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
    try parse(Array(text.utf8))
  }

  /// Parses with the default limits; the common entry point.
  public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
    try JSONParser().parse(text)
  }

  /// Parses bytes with the default limits.
  public static func parse(bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
    try JSONParser().parse(bytes)
  }
}

// MARK: - The reader

private struct Reader {
  let bytes: UnsafeBufferPointer<UInt8>
  let maxDepth: Int
  var index = 0
  var depth = 0

  init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  @inline(__always) var atEnd: Bool { index >= bytes.count }
  @inline(__always) var current: UInt8 { index < bytes.count ? bytes[index] : 0 }

  func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
    let offset = min(offset ?? index, bytes.count)
    var line = 1
    var lineStart = 0
    var i = 0
    while i < offset {
      if bytes[i] == 0x0A {
        line += 1
        lineStart = i + 1
      }
      i += 1
    }
    return JSONParseError(message: message, offset: offset, line: line, column: offset - lineStart + 1)
  }

  func describeCurrent() -> String {
    if atEnd { return "end of input" }
    let b = current
    if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
    return "byte 0x\(hex2(b))"
  }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x0A, 0x0D, 0x09: index += 1
      default: return
      }
    }
  }

  mutating func document() throws(JSONParseError) -> JSONValue {
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }  // UTF-8 BOM
    skipWhitespace()
    if atEnd { throw error("empty input: expected a JSON value") }
    let value = try parseValue()
    skipWhitespace()
    if !atEnd { throw error("unexpected \(describeCurrent()) after the JSON value") }
    return value
  }

  mutating func parseValue() throws(JSONParseError) -> JSONValue {
    switch current {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): try literal("true"); return .bool(true)
    case UInt8(ascii: "f"): try literal("false"); return .bool(false)
    case UInt8(ascii: "n"): try literal("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
    default:
      throw error("expected a JSON value, found \(describeCurrent())")
    }
  }

  mutating func literal(_ word: StaticString) throws(JSONParseError) {
    let start = index
    let count = word.utf8CodeUnitCount
    let text = word.utf8Start
    for k in 0..<count {
      guard index < bytes.count, bytes[index] == text[k] else {
        throw error("invalid literal: expected '\(word)'", at: start)
      }
      index += 1
    }
  }

  mutating func enter() throws(JSONParseError) {
    depth += 1
    if depth > maxDepth { throw error("nesting is deeper than \(maxDepth) levels") }
  }

  mutating func parseObject() throws(JSONParseError) -> JSONValue {
    try enter()
    index += 1
    var members = OrderedDictionary<String, JSONValue>()
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else {
        throw error("expected a string key in object, found \(describeCurrent())")
      }
      let keyStart = index
      let key = try parseString()
      skipWhitespace()
      guard current == UInt8(ascii: ":") else {
        throw error("expected ':' after object key, found \(describeCurrent())")
      }
      index += 1
      skipWhitespace()
      let value = try parseValue()
      if members.updateValue(value, forKey: key) != nil {
        throw error("duplicate key \"\(key)\" in object", at: keyStart)
      }
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","):
        index += 1
      case UInt8(ascii: "}"):
        index += 1
        depth -= 1
        return .object(members)
      default:
        throw error("expected ',' or '}' after object member, found \(describeCurrent())")
      }
    }
  }

  mutating func parseArray() throws(JSONParseError) -> JSONValue {
    try enter()
    index += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      index += 1
      depth -= 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue())
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","):
        index += 1
      case UInt8(ascii: "]"):
        index += 1
        depth -= 1
        return .array(elements)
      default:
        throw error("expected ',' or ']' after array element, found \(describeCurrent())")
      }
    }
  }

  mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
    let start = index
    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    if current == UInt8(ascii: "-") { index += 1 }
    if current == UInt8(ascii: "0") {
      index += 1
      if isDigit(current) { throw error("numbers may not have leading zeros", at: start) }
    } else if isDigit(current) {
      while isDigit(current) { index += 1 }
    } else {
      throw error("invalid number: expected a digit after '-'", at: start)
    }
    if current == UInt8(ascii: ".") {
      index += 1
      guard isDigit(current) else { throw error("invalid number: expected a digit after '.'") }
      while isDigit(current) { index += 1 }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      index += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
      guard isDigit(current) else { throw error("invalid number: expected a digit in the exponent") }
      while isDigit(current) { index += 1 }
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    return JSONNumber(validatedText: text)
  }

  mutating func parseString() throws(JSONParseError) -> String {
    let openQuote = index
    index += 1
    let start = index
    // Fast path: no escapes. Validate UTF-8 as we go so errors point at the bad byte.
    while index < bytes.count {
      let b = bytes[index]
      if b == UInt8(ascii: "\"") {
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        index += 1
        return s
      }
      if b == UInt8(ascii: "\\") { break }
      if b < 0x20 { throw error("control character in string (escape it as \\u00\(hex2(b)))") }
      if b < 0x80 {
        index += 1
      } else {
        try skipUTF8Sequence()
      }
    }
    if atEnd { throw error("unterminated string", at: openQuote) }
    // Slow path: decode escapes into a byte buffer.
    var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
    while index < bytes.count {
      let b = bytes[index]
      switch b {
      case UInt8(ascii: "\""):
        index += 1
        return String(decoding: out, as: UTF8.self)
      case UInt8(ascii: "\\"):
        try decodeEscape(into: &out)
      case 0..<0x20:
        throw error("control character in string (escape it as \\u00\(hex2(b)))")
      case 0x80...:
        let seqStart = index
        try skipUTF8Sequence()
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[seqStart..<index]))
      default:
        out.append(b)
        index += 1
      }
    }
    throw error("unterminated string", at: openQuote)
  }

  func hex2(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
  }

  mutating func decodeEscape(into out: inout [UInt8]) throws(JSONParseError) {
    let escapeStart = index
    index += 1
    guard index < bytes.count else { throw error("unterminated string") }
    let c = bytes[index]
    index += 1
    switch c {
    case UInt8(ascii: "\""): out.append(0x22)
    case UInt8(ascii: "\\"): out.append(0x5C)
    case UInt8(ascii: "/"): out.append(0x2F)
    case UInt8(ascii: "b"): out.append(0x08)
    case UInt8(ascii: "f"): out.append(0x0C)
    case UInt8(ascii: "n"): out.append(0x0A)
    case UInt8(ascii: "r"): out.append(0x0D)
    case UInt8(ascii: "t"): out.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try hex4()
      if (0xD800...0xDBFF).contains(scalar) {
        guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
          throw error("unpaired UTF-16 surrogate in \\u escape", at: escapeStart)
        }
        index += 2
        let low = try hex4()
        guard (0xDC00...0xDFFF).contains(low) else {
          throw error("unpaired UTF-16 surrogate in \\u escape", at: escapeStart)
        }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00...0xDFFF).contains(scalar) {
        throw error("unpaired UTF-16 surrogate in \\u escape", at: escapeStart)
      }
      guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape", at: escapeStart) }
      out.append(contentsOf: UTF8.encode(u)!)
    default:
      throw error("invalid escape sequence '\\\(Character(Unicode.Scalar(c)))' in string", at: escapeStart)
    }
  }

  mutating func hex4() throws(JSONParseError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard index < bytes.count else { throw error("unterminated \\u escape") }
      let b = bytes[index]
      let digit: UInt32
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - 0x30)
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - 0x61 + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - 0x41 + 10)
      default: throw error("invalid hex digit in \\u escape")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }

  /// Checks one multi-byte UTF-8 sequence at `index` (rejecting overlong forms and surrogates) and steps over it.
  mutating func skipUTF8Sequence() throws(JSONParseError) {
    switch UTF8Sequence.length(in: bytes, at: index) {
    case .success(let length): index += length
    case .failure(.invalidLead(let lead)): throw error("invalid UTF-8 byte 0x\(hex2(lead)) in string")
    case .failure(.truncated): throw error("truncated UTF-8 sequence in string")
    case .failure(.invalidContinuation): throw error("invalid UTF-8 sequence in string", at: index)
    }
  }
}
