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
