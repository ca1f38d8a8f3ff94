/// Copies JSON text without the whitespace between tokens, byte for byte otherwise.
///
/// For text already known to be valid JSON (an item that parsed): sending it this way skips parsing it again and
/// writing it back, and keeps every number and string exactly as the user wrote it.
public enum JSONMinifier {
  /// Appends `text` to `out` without insignificant whitespace.
  public static func append(_ text: [UInt8], to out: inout [UInt8]) {
    text.withUnsafeBufferPointer { bytes in
      var inString = false
      var escaped = false
      var runStart = 0
      var i = 0
      let n = bytes.count
      // Copies runs of kept bytes at once; only whitespace outside strings breaks a run.
      while i < n {
        let b = bytes[i]
        if inString {
          if !escaped && b != UInt8(ascii: "\\") && b != UInt8(ascii: "\"") && b != 0x0A {
            i = JSONStringSkipper.nextSpecial(bytes, from: i)
            continue
          }
          if escaped {
            escaped = false
          } else if b == UInt8(ascii: "\\") {
            escaped = true
          } else if b == UInt8(ascii: "\"") {
            inString = false
          }
        } else if b == UInt8(ascii: "\"") {
          inString = true
        } else if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
          if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
          runStart = i + 1
        }
        i += 1
      }
      if runStart < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<n])) }
    }
  }
}

/// Finds the next byte inside a JSON string that needs a look: a quote, a backslash or a newline.
public enum JSONStringSkipper {
  /// The index of the first `"`, `\\` or `\n` at or after `start`, or `bytes.count`; eight bytes at a time.
  @inline(__always)
  public static func nextSpecial(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var k = start
    let count = bytes.count
    if let base = bytes.baseAddress {
      let raw = UnsafeRawPointer(base)
      while k + 8 <= count {
        let word = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
        if hasByte(word, 0x22) | hasByte(word, 0x5C) | hasByte(word, 0x0A) != 0 { break }
        k += 8
      }
    }
    while k < count {
      let b = bytes[k]
      if b == 0x22 || b == 0x5C || b == 0x0A { return k }
      k += 1
    }
    return k
  }

  /// Nonzero when some byte of `word` equals `byte` (the classic SWAR zero-byte test).
  @inline(__always)
  static func hasByte(_ word: UInt64, _ byte: UInt8) -> UInt64 {
    let v = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
    return (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080
  }
}
