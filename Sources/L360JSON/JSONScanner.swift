/// Reads one member of every object in a JSON array without building the objects.
///
/// A bulk operation's results echo every input item: counting successes among 10,000 of them by parsing them all
/// costs more than everything else l360 does with them. This scanner walks the text once and decodes only the
/// member asked for. It returns nil whenever the text is not the expected shape, and callers then parse fully.
public enum JSONScanner {
  /// For a JSON array of objects, the string value of member `key` in each object, in order (nil where it is absent
  /// or not a string); nil when `text` is not an array of objects.
  public static func memberStrings(_ key: String, inArrayOfObjects text: [UInt8]) -> [String?]? {
    let wanted = Array(key.utf8)
    return text.withUnsafeBufferPointer { bytes -> [String?]? in
      var scanner = Cursor(bytes: bytes)
      var out: [String?] = []
      guard scanner.take(UInt8(ascii: "[")) else { return nil }
      if scanner.take(UInt8(ascii: "]")) { return scanner.atEnd ? out : nil }
      while true {
        guard scanner.take(UInt8(ascii: "{")) else { return nil }
        var found: String?
        if !scanner.take(UInt8(ascii: "}")) {
          while true {
            guard let name = scanner.string(), scanner.take(UInt8(ascii: ":")) else { return nil }
            scanner.skipWhitespace()
            let valueStart = scanner.index
            guard scanner.skipValue() else { return nil }
            if name.count == wanted.count + 2, name.dropFirst().dropLast().elementsEqual(wanted),
              bytes[valueStart] == UInt8(ascii: "\"")
            {
              guard let value = decode(UnsafeBufferPointer(rebasing: bytes[valueStart..<scanner.index])) else {
                return nil
              }
              found = value
            }
            if scanner.take(UInt8(ascii: ",")) { continue }
            guard scanner.take(UInt8(ascii: "}")) else { return nil }
            break
          }
        }
        out.append(found)
        if scanner.take(UInt8(ascii: ",")) { continue }
        guard scanner.take(UInt8(ascii: "]")) else { return nil }
        return scanner.atEnd ? out : nil
      }
    }
  }

  /// A quoted JSON string token: decoded directly when it has no escapes, else by the parser.
  private static func decode(_ token: UnsafeBufferPointer<UInt8>) -> String? {
    let inner = UnsafeBufferPointer(rebasing: token[1..<(token.count - 1)])
    if !inner.contains(UInt8(ascii: "\\")) { return String(validating: inner, as: UTF8.self) }
    return (try? JSONParser.parse(bytes: token))?.stringValue
  }

  private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var atEnd: Bool {
      mutating get {
        skipWhitespace()
        return index == bytes.count
      }
    }

    mutating func skipWhitespace() {
      while index < bytes.count,
        bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D
          || bytes[index] == 0x09
      {
        index += 1
      }
    }

    /// Consumes `byte` (after whitespace) when it is next.
    mutating func take(_ byte: UInt8) -> Bool {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == byte else { return false }
      index += 1
      return true
    }

    /// A string token, quotes included, as a slice.
    mutating func string() -> Slice<UnsafeBufferPointer<UInt8>>? {
      skipWhitespace()
      let start = index
      guard skipString() else { return nil }
      return bytes[start..<index]
    }

    /// Skips a string token starting at `index`.
    mutating func skipString() -> Bool {
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return false }
      index += 1
      while index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: "\\"): index += 2
        case UInt8(ascii: "\""):
          index += 1
          return true
        default: index += 1
        }
      }
      return false
    }

    /// Skips any value: a string, a balanced object or array, or a scalar up to the next delimiter.
    mutating func skipValue() -> Bool {
      guard index < bytes.count else { return false }
      switch bytes[index] {
      case UInt8(ascii: "\""):
        return skipString()
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        var depth = 0
        while index < bytes.count {
          switch bytes[index] {
          case UInt8(ascii: "\""):
            guard skipString() else { return false }
            continue
          case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
          case UInt8(ascii: "}"), UInt8(ascii: "]"):
            depth -= 1
            if depth == 0 {
              index += 1
              return true
            }
          default: break
          }
          index += 1
        }
        return false
      default:
        let start = index
        while index < bytes.count {
          switch bytes[index] {
          case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09:
            return index > start
          default: index += 1
          }
        }
        return index > start
      }
    }
  }
}
