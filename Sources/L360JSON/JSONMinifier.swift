/// Copies JSON text without the whitespace between tokens, byte for byte otherwise.
///
/// For text already known to be valid JSON (an item that parsed): sending it this way skips parsing it again and
/// writing it back, and keeps every number and string exactly as the user wrote it.
public enum JSONMinifier {
  /// Appends `text` to `out` without insignificant whitespace.
  ///
  /// The text is appended whole (one copy), then compacted in place: an indented item has a dozen runs between its
  /// whitespace, and appending them one by one cost more than the copy.
  public static func append(_ text: [UInt8], to out: inout [UInt8]) {
    let start = out.count
    out.append(contentsOf: text)
    let end = out.withUnsafeMutableBufferPointer { buffer -> Int in
      guard let base = buffer.baseAddress else { return start }
      let readable = UnsafeBufferPointer(buffer)
      let n = buffer.count
      var read = start
      var write = start
      while read < n {
        let b = base[read]
        if b == UInt8(ascii: "\"") {
          // Step over the whole string (escapes included) and keep it as one run.
          var j = read + 1
          while j < n {
            j = JSONStringSkipper.nextSpecial(readable, from: j)
            guard j < n else { break }
            if base[j] == UInt8(ascii: "\"") {
              j += 1
              break
            }
            j += base[j] == UInt8(ascii: "\\") ? 2 : 1
          }
          j = min(j, n)
          if write != read { (base + write).update(from: base + read, count: j - read) }
          write += j - read
          read = j
        } else if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
          read += 1
        } else {
          base[write] = b
          write += 1
          read += 1
        }
      }
      return write
    }
    out.removeLast(out.count - end)
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
