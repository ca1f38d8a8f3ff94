import OrderedCollections

/// Writes ``JSONValue``s as JSON text: compact (one line) or pretty (two-space indent).
///
/// Keys are written in the value's order and numbers in their original text, so parsing and
/// writing a document gives it back unchanged (modulo whitespace).
public enum JSONWriter {
  /// Compact JSON text with no insignificant whitespace.
  public static func compact(_ value: JSONValue) -> String {
    String(decoding: compactBytes(value), as: UTF8.self)
  }

  /// Compact JSON as UTF-8 bytes, ready to send as a request body.
  public static func compactBytes(_ value: JSONValue) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(256)
    write(value, into: &out, indent: nil, level: 0)
    return out
  }

  /// Appends the compact JSON of `value` to `out` (used to stream large bodies without copies).
  public static func appendCompact(_ value: JSONValue, to out: inout [UInt8]) {
    write(value, into: &out, indent: nil, level: 0)
  }

  /// Pretty JSON text with two-space indentation and one member per line.
  public static func pretty(_ value: JSONValue) -> String {
    var out: [UInt8] = []
    write(value, into: &out, indent: 2, level: 0)
    return String(decoding: out, as: UTF8.self)
  }

  /// A JSON string literal for `text`, quotes included.
  public static func quoted(_ text: String) -> String {
    var out: [UInt8] = []
    writeString(text, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  private static func newline(_ out: inout [UInt8], _ indent: Int?, _ level: Int) {
    guard let indent else { return }
    out.append(0x0A)
    out.append(contentsOf: repeatElement(0x20, count: indent * level))
  }

  private static func write(_ value: JSONValue, into out: inout [UInt8], indent: Int?, level: Int) {
    switch value {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .number(let n): out.append(contentsOf: n.text.utf8)
    case .string(let s): writeString(s, into: &out)
    case .array(let elements):
      out.append(UInt8(ascii: "["))
      if elements.isEmpty {
        out.append(UInt8(ascii: "]"))
        return
      }
      for (i, element) in elements.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        newline(&out, indent, level + 1)
        write(element, into: &out, indent: indent, level: level + 1)
      }
      newline(&out, indent, level)
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      if members.isEmpty {
        out.append(UInt8(ascii: "}"))
        return
      }
      var first = true
      for (key, member) in members {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        newline(&out, indent, level + 1)
        writeString(key, into: &out)
        out.append(UInt8(ascii: ":"))
        if indent != nil { out.append(0x20) }
        write(member, into: &out, indent: indent, level: level + 1)
      }
      newline(&out, indent, level)
      out.append(UInt8(ascii: "}"))
    }
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  private static func writeString(_ s: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for b in s.utf8 {
      switch b {
      case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
      case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
      case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
      case 0..<0x20:
        out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]])
      default: out.append(b)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
