/// A script's text with its name, so every error can say `FILE:LINE:COL` and show the line.
public struct SourceFile: Sendable {
  /// The name shown in messages: a path, `<command line>` or `<stdin>`.
  public let name: String
  /// The text as UTF-8 bytes.
  public let bytes: [UInt8]
  /// The path of the file, when it is one, so `source` and `read` can resolve relative paths.
  public let path: String?
  private let lineStarts: [Int]

  /// Makes a source from text.
  public init(name: String, text: String, path: String? = nil) {
    self.name = name
    self.path = path
    self.bytes = Array(text.utf8)
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
    self.lineStarts = starts
  }

  /// The 1-based line and column (in characters) of a byte offset.
  public func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    let start = lineStarts[low]
    let prefix = bytes[start..<min(max(offset, start), bytes.count)]
    return (low + 1, String(decoding: prefix, as: UTF8.self).count + 1)
  }

  /// The text of 1-based line `line`, without its newline.
  public func lineText(_ line: Int) -> String {
    guard line >= 1, line <= lineStarts.count else { return "" }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start, end <= bytes.count, end - 1 >= start, bytes[end - 1] == 0x0D { end -= 1 }
    return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
  }

  /// The text between two byte offsets.
  public func text(_ range: Range<Int>) -> String {
    String(decoding: bytes[max(0, range.lowerBound)..<min(bytes.count, range.upperBound)], as: UTF8.self)
  }
}

/// A span of a source: byte offsets, so it is cheap to keep on every token and node.
public struct SourceRange: Sendable, Equatable {
  /// The first byte.
  public var start: Int
  /// One past the last byte.
  public var end: Int

  /// Makes a range.
  public init(_ start: Int, _ end: Int) {
    self.start = start
    self.end = max(start, end)
  }

  /// The range covering both.
  public func union(_ other: SourceRange) -> SourceRange { SourceRange(min(start, other.start), max(end, other.end)) }
}
