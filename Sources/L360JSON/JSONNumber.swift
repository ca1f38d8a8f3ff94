/// A JSON number that remembers the exact text it was written with.
///
/// Arithmetic is done on demand (``intValue``, ``doubleValue``); writing it back out reproduces
/// the original text, so `1.10` stays `1.10` and `12345678901234567890` is not rounded.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
  /// The number's text as it appears in JSON (already validated against the JSON grammar).
  public let text: String

  /// Wraps text that is known to be a valid JSON number.
  ///
  /// Use ``init(parsing:)`` for untrusted text.
  public init(validatedText text: String) { self.text = text }

  /// Makes a number from an integer.
  public init(_ value: Int) { self.text = String(value) }

  /// Makes a number from a double; integral values are written without a fraction (`3`, not `3.0`).
  public init(_ value: Double) {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
      self.text = String(Int64(value))
    } else {
      self.text = "\(value)"
    }
  }

  /// Parses `text` as a JSON number; nil when it does not follow the JSON number grammar.
  public init?(parsing text: String) {
    var bytes = Array(text.utf8)
    bytes.append(0)
    var index = 0
    guard JSONNumber.scan(bytes, &index), index == bytes.count - 1 else { return nil }
    self.text = text
  }

  /// The value as an `Int` when the text is an integer that fits; nil otherwise.
  public var intValue: Int? {
    if let i = Int(text) { return i }
    // "1e3" or "2.0" are integral too.
    guard let d = Double(text), d.isFinite, d == d.rounded(), abs(d) < 9.0e15 else { return nil }
    return Int(d)
  }

  /// The value as a `Double` (possibly rounded).
  public var doubleValue: Double { Double(text) ?? .nan }

  /// True when the text has no fraction or exponent.
  public var isIntegerLiteral: Bool { !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) }

  public var description: String { text }

  /// Scans one JSON number starting at `index`; leaves `index` after it.
  ///
  /// The buffer must end with a NUL sentinel.
  static func scan(_ bytes: [UInt8], _ index: inout Int) -> Bool {
    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else if isDigit(bytes[index]) {
      while isDigit(bytes[index]) { index += 1 }
    } else {
      return false
    }
    if bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard isDigit(bytes[index]) else { return false }
      while isDigit(bytes[index]) { index += 1 }
    }
    if bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard isDigit(bytes[index]) else { return false }
      while isDigit(bytes[index]) { index += 1 }
    }
    return true
  }
}
