/// Checks one multi-byte UTF-8 sequence the way RFC 3629 defines it: no overlong forms, no surrogates, nothing past
/// U+10FFFF.
///
/// Shared by the parser (which turns a problem into a located error) and the byte-level schema check (which only
/// needs to know the text is valid), so both accept exactly the same strings.
public enum UTF8Sequence {
  /// What is wrong with a sequence.
  public enum Problem: Error, Sendable {
    /// The first byte cannot start a multi-byte sequence.
    case invalidLead(UInt8)
    /// The text ends before the sequence does.
    case truncated
    /// A following byte is not a valid continuation for this lead byte.
    case invalidContinuation
  }

  /// The length (2 to 4) of the valid sequence whose first byte (0x80 or more) is at `index`.
  ///
  /// (Inlinable: the schema check in another module calls it for every non-ASCII character.)
  @inlinable
  public static func length(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Result<Int, Problem> {
    let lead = bytes[index]
    let length: Int
    var lowerBound: UInt8 = 0x80
    var upperBound: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      lowerBound = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED:
      length = 3
      upperBound = 0x9F
    case 0xF0:
      length = 4
      lowerBound = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      upperBound = 0x8F
    default: return .failure(.invalidLead(lead))
    }
    for k in 1..<length {
      let i = index + k
      guard i < bytes.count else { return .failure(.truncated) }
      let b = bytes[i]
      let (lo, hi) = k == 1 ? (lowerBound, upperBound) : (UInt8(0x80), UInt8(0xBF))
      guard b >= lo && b <= hi else { return .failure(.invalidContinuation) }
    }
    return .success(length)
  }
}
