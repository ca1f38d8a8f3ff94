import L360JSON

/// Decides whether an item's JSON text satisfies a schema by walking its bytes, without building a value.
///
/// Validating a million bulk items with the parser and ``SchemaValidator`` spends most of its time allocating values
/// that are thrown away at once. This checker answers only two things: ``Verdict/valid(captured:)`` when the parser
/// would accept the text and the validator would find nothing wrong, and ``Verdict/unsure`` otherwise. "Unsure"
/// covers every invalid item and a few valid but unusual ones (an escaped key, an escaped enum value, `2.0` for an
/// integer, very deep nesting); callers then run the parser and the validator, which also say where and why.
/// A valid verdict must never be wrong: the fuzz tests compare it with the parser and validator on mutated inputs.
public struct SchemaByteChecker: Sendable {
  /// What the byte walk concluded.
  public enum Verdict: Sendable, Equatable {
    /// Valid JSON that satisfies the schema; `captured` is the byte range (inside the quotes) of the captured
    /// top-level string member, when the item has it.
    case valid(captured: Range<Int>?)
    /// Invalid, or valid in a way this checker does not decide: ask the parser and the validator.
    case unsure
  }

  private let root: Node?
  private let capture: [UInt8]?

  /// Compiles `schema`; `capture` names a top-level string property whose bytes ``check(_:)`` returns.
  ///
  /// A name the schema does not list makes the verdict "unsure": it is an error for a validator that rejects
  /// unknown fields (l360's default), and the parser catches a repeated one.
  public init(_ schema: Schema, capture: String? = nil) {
    root = Node(schema)
    self.capture = capture.map { Array($0.utf8) }
  }

  /// The verdict on one JSON document (whitespace around it allowed, as the parser allows).
  public func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Verdict {
    guard let root, let base = bytes.baseAddress else { return .unsure }
    // A byte-order mark is the parser's business (it skips one at the very start).
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return .unsure }
    var walker = Walker(p: base, count: bytes.count, capture: capture)
    walker.skipWhitespace()
    guard walker.value(root, depth: 0, top: true) else { return .unsure }
    walker.skipWhitespace()
    guard walker.i == walker.count else { return .unsure }
    return .valid(captured: walker.captured)
  }

  /// The verdict on one JSON document held in an array.
  public func check(_ bytes: [UInt8]) -> Verdict {
    bytes.withUnsafeBufferPointer { check($0) }
  }
}

extension SchemaByteChecker {
  /// A schema compiled for the byte walk: names as bytes, required properties as a bit mask.
  ///
  /// Property names are also packed in plain memory (length, first eight bytes, all bytes): looking a key up in
  /// arrays of arrays retained and released every name, which was a tenth of the walk.
  final class Node: @unchecked Sendable {
    enum Kind {
      case object, array, string, integer, number, boolean, any
    }

    let kind: Kind
    // Objects: property names (bytes), their schemas, the required ones as bits.
    let names: [[UInt8]]
    let children: [Node]
    let requiredMask: UInt64
    /// Immutable after init, freed in deinit.
    let packedNames: UnsafeMutableBufferPointer<PackedName>
    let nameBytes: UnsafeMutableBufferPointer<UInt8>
    // Arrays.
    let element: Node?
    let maxItems: Int
    // Strings: `allowed[n]` holds the allowed values of n bytes (nil: any value).
    let minLength: Int
    let allowed: [[[UInt8]]]?
    let objectId: Bool
    // Integers.
    let minimum: Int
    let maximum: Int

    /// Nil when the schema has a shape the walk does not support (an object with more than 64 properties).
    init?(_ schema: Schema) {
      var names: [[UInt8]] = []
      var children: [Node] = []
      var requiredMask: UInt64 = 0
      var element: Node?
      var maxItems = Int.max
      var minLength = 0
      var allowed: [[[UInt8]]]?
      var objectId = false
      var minimum = Int.min
      var maximum = Int.max
      switch schema {
      case .object(let properties, let required):
        guard properties.count <= 64 else { return nil }
        for (index, (name, propertySchema)) in properties.enumerated() {
          guard let child = Node(propertySchema) else { return nil }
          names.append(Array(name.utf8))
          children.append(child)
          if required.contains(name) { requiredMask |= 1 << UInt64(index) }
        }
        // A required name the schema does not list can never be present in a valid walk: leave it to the validator.
        guard required.isSubset(of: Set(properties.map(\.0))) else { return nil }
        kind = .object
      case .array(let items, let limit):
        guard let child = Node(items) else { return nil }
        element = child
        maxItems = limit ?? Int.max
        kind = .array
      case .string(let rule):
        // The byte checker has no date reader: a schema with a date (the statistics import) takes the validator.
        guard !rule.dateTime else { return nil }
        minLength = rule.minLength ?? 0
        objectId = rule.objectId
        if let values = rule.allowed {
          var byLength: [[[UInt8]]] = Array(repeating: [], count: (values.map(\.utf8.count).max() ?? 0) + 1)
          for value in values { byLength[value.utf8.count].append(Array(value.utf8)) }
          allowed = byLength
        }
        kind = .string
      case .integer(let lo, let hi):
        minimum = lo ?? Int.min
        maximum = hi ?? Int.max
        kind = .integer
      case .number(let lo, let hi):
        // A bounded number is left to the validator, which compares it as a Double.
        guard lo == nil, hi == nil else { return nil }
        kind = .number
      case .boolean: kind = .boolean
      case .any: kind = .any
      }
      self.names = names
      let packed = UnsafeMutableBufferPointer<PackedName>.allocate(capacity: names.count)
      let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: names.reduce(0) { $0 + $1.count })
      var offset = 0
      for (index, name) in names.enumerated() {
        packed.initializeElement(
          at: index, to: PackedName(length: name.count, prefix: PackedName.prefix(of: name), offset: offset))
        for byte in name {
          bytes.initializeElement(at: offset, to: byte)
          offset += 1
        }
      }
      packedNames = packed
      nameBytes = bytes
      self.children = children
      self.requiredMask = requiredMask
      self.element = element
      self.maxItems = maxItems
      self.minLength = minLength
      self.allowed = allowed
      self.objectId = objectId
      self.minimum = minimum
      self.maximum = maximum
    }

    deinit {
      packedNames.deallocate()
      nameBytes.deallocate()
    }
  }

  /// One property name: its length, its first eight bytes as a word, where its bytes are.
  struct PackedName {
    var length: Int
    var prefix: UInt64
    var offset: Int

    /// The first eight bytes (little-endian, zero-padded) of `bytes`.
    static func prefix(of bytes: some Collection<UInt8>) -> UInt64 {
      var word: UInt64 = 0
      for (k, byte) in bytes.prefix(8).enumerated() { word |= UInt64(byte) << UInt64(8 * k) }
      return word
    }
  }

  /// A string's extent and what the walk noticed inside it.
  struct StringSpan {
    var start: Int
    var end: Int
    /// True when it has a `\` escape (its bytes are not its characters).
    var escaped: Bool
    /// True when it has a byte of 0x80 or more (its length in bytes is not its length in characters).
    var nonASCII: Bool
  }

  /// The cursor of one check.
  ///
  /// Every method returns false (or nil) as soon as the text is not plainly valid.
  struct Walker {
    let p: UnsafePointer<UInt8>
    let count: Int
    let capture: [UInt8]?
    var i = 0
    var captured: Range<Int>?

    /// The parser allows 512 levels; items this deep are unusual enough to hand over.
    static let maxDepth = 64

    init(p: UnsafePointer<UInt8>, count: Int, capture: [UInt8]?) {
      self.p = p
      self.count = count
      self.capture = capture
    }

    @inline(__always)
    mutating func skipWhitespace() {
      while i < count {
        switch p[i] {
        case 0x20, 0x0A, 0x0D, 0x09: i += 1
        default: return
        }
      }
    }

    @inline(__always)
    mutating func eat(_ byte: UInt8) -> Bool {
      guard i < count, p[i] == byte else { return false }
      i += 1
      return true
    }

    mutating func value(_ node: Node, depth: Int, top: Bool = false) -> Bool {
      guard i < count, depth < Self.maxDepth else { return false }
      switch node.kind {
      case .object: return object(node, depth: depth, top: top)
      case .array: return array(node, depth: depth)
      case .string:
        guard p[i] == UInt8(ascii: "\""), let span = string() else { return false }
        return matches(span, node)
      case .integer: return integer(node)
      case .number: return number() != nil
      case .boolean: return literal("true") || literal("false")
      case .any: return anyValue(depth: depth)
      }
    }

    mutating func object(_ node: Node, depth: Int, top: Bool) -> Bool {
      guard eat(UInt8(ascii: "{")) else { return false }
      skipWhitespace()
      var seen: UInt64 = 0
      if !eat(UInt8(ascii: "}")) {
        while true {
          guard i < count, p[i] == UInt8(ascii: "\""), let key = string(), !key.escaped else { return false }
          skipWhitespace()
          guard eat(UInt8(ascii: ":")) else { return false }
          skipWhitespace()
          // An unknown name is an error for the validator.
          guard let index = propertyIndex(key, node) else { return false }
          let bit: UInt64 = 1 << UInt64(index)
          // A repeated key is a parse error: the parser says so, with its position.
          guard seen & bit == 0 else { return false }
          seen |= bit
          let child = node.children[index]
          if top, let capture, child.kind == .string, equals(key, capture) {
            // Only a plain string is captured; an escaped one is decoded by the parser.
            guard i < count, p[i] == UInt8(ascii: "\""), let span = string(), !span.escaped, matches(span, child)
            else { return false }
            captured = span.start..<span.end
          } else {
            guard value(child, depth: depth + 1) else { return false }
          }
          skipWhitespace()
          if eat(UInt8(ascii: ",")) {
            skipWhitespace()
            continue
          }
          guard eat(UInt8(ascii: "}")) else { return false }
          break
        }
      }
      return node.requiredMask & ~seen == 0
    }

    mutating func array(_ node: Node, depth: Int) -> Bool {
      guard eat(UInt8(ascii: "[")), let element = node.element else { return false }
      skipWhitespace()
      if eat(UInt8(ascii: "]")) { return true }
      var items = 0
      while true {
        guard value(element, depth: depth + 1) else { return false }
        items += 1
        skipWhitespace()
        if eat(UInt8(ascii: ",")) {
          skipWhitespace()
          continue
        }
        guard eat(UInt8(ascii: "]")) else { return false }
        return items <= node.maxItems
      }
    }

    /// Any valid JSON value (for `.any` schemas); objects with repeated keys are left to the parser.
    mutating func anyValue(depth: Int) -> Bool {
      guard i < count, depth < Self.maxDepth else { return false }
      switch p[i] {
      case UInt8(ascii: "\""): return string() != nil
      case UInt8(ascii: "t"): return literal("true")
      case UInt8(ascii: "f"): return literal("false")
      case UInt8(ascii: "n"): return literal("null")
      case UInt8(ascii: "["):
        i += 1
        skipWhitespace()
        if eat(UInt8(ascii: "]")) { return true }
        while true {
          guard anyValue(depth: depth + 1) else { return false }
          skipWhitespace()
          if eat(UInt8(ascii: ",")) {
            skipWhitespace()
            continue
          }
          return eat(UInt8(ascii: "]"))
        }
      case UInt8(ascii: "{"):
        i += 1
        skipWhitespace()
        if eat(UInt8(ascii: "}")) { return true }
        var keys: [StringSpan] = []
        while true {
          // The parser compares keys as Swift strings (canonical equivalence): two spellings of "é" are one key.
          // Byte comparison is only the same for ASCII keys.
          guard i < count, p[i] == UInt8(ascii: "\""), let key = string(), !key.escaped, !key.nonASCII else {
            return false
          }
          guard !keys.contains(where: { same($0, key) }) else { return false }
          keys.append(key)
          skipWhitespace()
          guard eat(UInt8(ascii: ":")) else { return false }
          skipWhitespace()
          guard anyValue(depth: depth + 1) else { return false }
          skipWhitespace()
          if eat(UInt8(ascii: ",")) {
            skipWhitespace()
            continue
          }
          return eat(UInt8(ascii: "}"))
        }
      default: return number() != nil
      }
    }

    mutating func literal(_ word: StaticString) -> Bool {
      let n = word.utf8CodeUnitCount
      guard count - i >= n else { return false }
      for k in 0..<n where p[i + k] != word.utf8Start[k] { return false }
      i += n
      return true
    }

    /// Steps over a number in JSON's grammar; returns its value when it is a plain integer of at most 18 digits,
    /// `Int.min` as "valid, but not such an integer", nil when it is not a JSON number.
    mutating func number() -> Int? {
      @inline(__always) func digit(_ k: Int) -> Bool { k < count && p[k] >= 0x30 && p[k] <= 0x39 }
      let negative = i < count && p[i] == UInt8(ascii: "-")
      if negative { i += 1 }
      var plain = true
      var magnitude = 0
      var digits = 0
      if i < count && p[i] == UInt8(ascii: "0") {
        i += 1
        digits = 1
        if digit(i) { return nil }
      } else if digit(i) {
        while digit(i) {
          if digits < 18 { magnitude = magnitude * 10 + Int(p[i] &- 0x30) } else { plain = false }
          digits += 1
          i += 1
        }
      } else {
        return nil
      }
      if i < count && p[i] == UInt8(ascii: ".") {
        i += 1
        guard digit(i) else { return nil }
        while digit(i) { i += 1 }
        plain = false
      }
      if i < count && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
        i += 1
        if i < count && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
        guard digit(i) else { return nil }
        while digit(i) { i += 1 }
        plain = false
      }
      return plain ? (negative ? -magnitude : magnitude) : Int.min
    }

    mutating func integer(_ node: Node) -> Bool {
      // `2.0` and `1e3` are integers to the validator too, but rare: leave them to it.
      guard let n = number(), n != Int.min else { return false }
      return n >= node.minimum && n <= node.maximum
    }

    /// Steps over a string at `i` (on its opening quote); nil when the parser would reject it.
    ///
    /// Eight bytes at a time while they are plain: no quote, backslash, control character or non-ASCII byte.
    mutating func string() -> StringSpan? {
      i += 1
      var span = StringSpan(start: i, end: i, escaped: false, nonASCII: false)
      let raw = UnsafeRawPointer(p)
      while true {
        while i + 8 <= count {
          let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
          if Self.special(word) != 0 { break }
          i += 8
        }
        guard i < count else { return nil }
        let b = p[i]
        switch b {
        case UInt8(ascii: "\""):
          span.end = i
          i += 1
          return span
        case UInt8(ascii: "\\"):
          span.escaped = true
          guard escape() else { return nil }
        case 0..<0x20:
          return nil
        case 0x80...:
          span.nonASCII = true
          guard utf8Sequence() else { return nil }
        default:
          i += 1
        }
      }
    }

    /// Nonzero when some byte of `word` is `"`, `\`, below 0x20 or 0x80 and above.
    @inline(__always)
    static func special(_ word: UInt64) -> UInt64 {
      let ones: UInt64 = 0x0101_0101_0101_0101
      let highs: UInt64 = 0x8080_8080_8080_8080
      let quote = word ^ (ones &* 0x22)
      let backslash = word ^ (ones &* 0x5C)
      let zeroQuote = (quote &- ones) & ~quote
      let zeroBackslash = (backslash &- ones) & ~backslash
      let control = (word &- ones &* 0x20) & ~word
      return (zeroQuote | zeroBackslash | control | word) & highs
    }

    /// Steps over one escape; surrogate `\u` escapes are left to the parser (it checks their pairing).
    mutating func escape() -> Bool {
      guard i + 1 < count else { return false }
      switch p[i + 1] {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
        i += 2
        return true
      case UInt8(ascii: "u"):
        guard i + 6 <= count else { return false }
        var scalar: UInt32 = 0
        for k in 2..<6 {
          let b = p[i + k]
          let digit: UInt32
          switch b {
          case 0x30...0x39: digit = UInt32(b - 0x30)
          case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
          case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
          default: return false
          }
          scalar = scalar << 4 | digit
        }
        guard !(0xD800...0xDFFF).contains(scalar) else { return false }
        i += 6
        return true
      default:
        return false
      }
    }

    /// Steps over one multi-byte UTF-8 sequence, rejecting what the parser rejects (it uses the same check).
    mutating func utf8Sequence() -> Bool {
      guard case .success(let length) = UTF8Sequence.length(in: UnsafeBufferPointer(start: p, count: count), at: i)
      else { return false }
      i += length
      return true
    }

    /// True when the string at `span` satisfies the string rule of `node`.
    func matches(_ span: StringSpan, _ node: Node) -> Bool {
      let length = span.end - span.start
      if span.escaped {
        // Escapes change the characters: only "not empty" is decided here (any escape is at least one character).
        return node.allowed == nil && !node.objectId && node.minLength <= 1 && (node.minLength == 0 || length > 0)
      }
      if node.minLength > 0 {
        guard length >= node.minLength else { return false }
        // Characters are fewer than bytes in non-ASCII text: past "not empty", let the validator count them.
        guard node.minLength == 1 || !span.nonASCII else { return false }
      }
      if node.objectId {
        guard length == 24 else { return false }
        for k in span.start..<span.end {
          let b = p[k]
          guard (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) else { return false }
        }
      }
      if let allowed = node.allowed {
        guard length < allowed.count else { return false }
        return allowed[length].contains { candidate in
          candidate.withUnsafeBufferPointer { c in
            for k in 0..<length where c[k] != p[span.start + k] { return false }
            return true
          }
        }
      }
      return true
    }

    /// The index of the property named by `key` (an unescaped string), or nil.
    func propertyIndex(_ key: StringSpan, _ node: Node) -> Int? {
      let length = key.end - key.start
      let prefix: UInt64
      if key.start + 8 <= count {
        let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(fromByteOffset: key.start, as: UInt64.self))
        prefix = length >= 8 ? word : word & ((1 << UInt64(8 * length)) - 1)
      } else {
        prefix = PackedName.prefix(of: UnsafeBufferPointer(start: p + key.start, count: length))
      }
      let names = node.packedNames
      for index in 0..<names.count where names[index].length == length && names[index].prefix == prefix {
        let offset = names[index].offset
        var k = 8
        while k < length && node.nameBytes[offset + k] == p[key.start + k] { k += 1 }
        if k >= length { return index }
      }
      return nil
    }

    func equals(_ key: StringSpan, _ name: [UInt8]) -> Bool {
      let length = key.end - key.start
      guard length == name.count else { return false }
      return name.withUnsafeBufferPointer { n in
        for k in 0..<length where n[k] != p[key.start + k] { return false }
        return true
      }
    }

    func same(_ a: StringSpan, _ b: StringSpan) -> Bool {
      let length = a.end - a.start
      guard length == b.end - b.start else { return false }
      for k in 0..<length where p[a.start + k] != p[b.start + k] { return false }
      return true
    }
  }
}
