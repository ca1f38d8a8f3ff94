import Foundation
import L360JSON
import L360Schema
import OrderedCollections

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads the items of a bulk input file one at a time, in memory bounded by the largest item.
///
/// Formats, by extension: JSON Lines (`.jsonl`, `.ndjson`), CSV with a header row (`.csv`), and otherwise JSON: an
/// array of items, or an object whose `input` member is that array. Every item carries the line it starts on, so
/// errors and results name `file:line` in every format. The whole file is read to its end, so a truncated or
/// malformed file fails on the first pass, before anything is sent.
public final class ItemStream {
  /// One item not yet parsed, and where it starts.
  ///
  /// Its bytes (JSON, JSON Lines) or its value (CSV rows are converted as they are read). Parsing can then happen on another thread (``parse(_:name:)``).
  public struct Record: Sendable {
    enum Content: Sendable {
      /// A JSON Lines line: errors say "FILE:LINE: column C".
      case line([UInt8])
      /// An array element starting at `column`: errors say "FILE:LINE:COLUMN".
      case element([UInt8], column: Int)
      case value(JSONValue)
    }

    let content: Content
    /// The 1-based line the item starts on.
    public let line: Int

    /// True for an element of a JSON array (often indented), false for a JSON Lines line or a CSV row.
    public var isElement: Bool {
      if case .element = content { return true }
      return false
    }

    /// The item's JSON text, when it came as text.
    public var bytes: [UInt8]? {
      switch content {
      case .line(let bytes), .element(let bytes, _): bytes
      case .value: nil
      }
    }
  }

  /// One item and the 1-based line it starts on.
  public struct Item {
    /// The item.
    public var value: JSONValue
    /// Its first line in the file.
    public var line: Int
  }

  /// The largest single item accepted by default (a line, a row, or an array element).
  public static let defaultMaxItemBytes = 64 << 20
  /// The largest single item this stream accepts.
  public let maxItemBytes: Int

  private enum Format {
    case jsonLines
    case csv(header: [String]?)
    case json(JSONState)
  }

  private enum JSONState {
    case start, firstElement, nextElement, afterArray, done
  }

  /// The name used in messages (as the script wrote it).
  public let name: String
  private let schema: Schema?
  private var blocks: BlockReader
  private var format: Format
  /// Next unread byte in `blocks.buffer`.
  private var pos = 0
  /// Line of `pos`, and the absolute offset where that line starts (for columns).
  private var line = 1
  private var lineStart = 0
  /// True when the document is `{"input": [...]}`: the object must be closed after the array.
  private var wrapped = false
  private var started = false

  /// Opens `path`; `name` is how messages call it; `schema` (of one item) types CSV cells.
  public init(path: String, name: String, schema: Schema? = nil, maxItemBytes: Int = defaultMaxItemBytes)
    throws(ReadError)
  {
    self.name = name
    self.maxItemBytes = maxItemBytes
    self.schema = schema
    blocks = try BlockReader(path: path, name: name)
    switch (path as NSString).pathExtension.lowercased() {
    case "jsonl", "ndjson": format = .jsonLines
    case "csv": format = .csv(header: nil)
    default: format = .json(.start)
    }
  }

  /// Bytes read so far.
  public var bytesRead: Int { blocks.base + blocks.buffer.count }
  /// A hash of every byte read so far: after the last item, the file's fingerprint.
  public var fingerprint: UInt64 { blocks.hash.value }

  deinit { blocks.close() }

  /// The next item, parsed, or nil at the end of the file.
  public func next() throws(ReadError) -> Item? {
    guard let record = try nextRecord() else { return nil }
    return Item(value: try Self.parse(record, name: name), line: record.line)
  }

  /// The next item, cut but not parsed, or nil at the end of the file.
  public func nextRecord() throws(ReadError) -> Record? {
    if !started {
      started = true
      try skipByteOrderMark()
    }
    switch format {
    case .jsonLines: return try nextLine()
    case .csv: return try nextRow()
    case .json: return try nextElement()
    }
  }

  /// Parses a record; errors name `name`, the line and the column.
  public static func parse(_ record: Record, name: String) throws(ReadError) -> JSONValue {
    switch record.content {
    case .value(let value):
      return value
    case .line(let bytes):
      do { return try JSONParser.parse(bytes: bytes) } catch {
        throw ReadError("\(name):\(record.line): column \(error.column): \(error.message)")
      }
    case .element(let bytes, let startColumn):
      do { return try JSONParser.parse(bytes: bytes) } catch {
        let errorLine = record.line + error.line - 1
        let column = error.line == 1 ? startColumn + error.column - 1 : error.column
        throw ReadError("\(name):\(errorLine):\(column): \(error.message)")
      }
    }
  }

  // MARK: JSON Lines

  private func nextLine() throws(ReadError) -> Record? {
    while true {
      let startLine = line
      guard let (start, end) = try cutThroughNewline() else { return nil }
      let isBlank = blocks.buffer.withUnsafeBufferPointer { all in
        var i = start
        while i < end, all[i] == 0x20 || all[i] == 0x09 || all[i] == 0x0D { i += 1 }
        return i == end
      }
      if isBlank { continue }
      return Record(content: .line(Array(blocks.buffer[start..<end])), line: startLine)
    }
  }

  /// The bytes up to the next newline (or the end of the file); `pos` moves past the newline.
  private func cutThroughNewline() throws(ReadError) -> (Int, Int)? {
    var start = pos
    var i = pos
    while true {
      if i == blocks.buffer.count {
        if try !refill(keeping: &start, &i) {
          if start == i { return nil }
          pos = i
          return (start, i)
        }
        continue
      }
      if let newline = blocks.firstNewline(from: i) {
        try checkSize(start, newline)
        pos = newline + 1
        newLine(at: newline)
        return (start, newline)
      }
      i = blocks.buffer.count
    }
  }

  // MARK: CSV

  private func nextRow() throws(ReadError) -> Record? {
    while true {
      let startLine = line
      var start = pos
      var i = pos
      var inQuotes = false
      var end: Int?
      while end == nil {
        if i == blocks.buffer.count {
          if try !refill(keeping: &start, &i) { break }
          continue
        }
        let b = blocks.buffer[i]
        if b == UInt8(ascii: "\"") {
          inQuotes.toggle()
        } else if b == 0x0A {
          newLine(at: i)
          if !inQuotes { end = i }
        }
        i += 1
      }
      pos = i
      try checkSize(start, end ?? i, line: startLine)
      let record = blocks.buffer[start..<(end ?? i)]
      if end == nil && start == i { return nil }
      let rows: [CSVReader.Row]
      do { rows = try CSVReader.rows(Array(record)) } catch {
        throw ReadError("\(name):\(startLine + error.line - 1): \(error.message)")
      }
      guard let row = rows.first else { continue }  // a blank line
      guard case .csv(let header) = format, let header else {
        format = .csv(header: row.fields)
        continue
      }
      return Record(
        content: .value(
          try ItemReader.csvItem(row.fields, header: header, line: startLine, name: name, schema: schema)),
        line: startLine)
    }
  }

  // MARK: JSON

  private func nextElement() throws(ReadError) -> Record? {
    guard case .json(let state) = format else { return nil }
    switch state {
    case .start:
      guard let first = try peekSignificant() else {
        throw located("the file is empty; expected a JSON array of items")
      }
      if first == UInt8(ascii: "[") {
        pos += 1
      } else if first == UInt8(ascii: "{") {
        pos += 1
        try enterInputMember()
        wrapped = true
      } else {
        throw located("expected a JSON array of items, or an object with an \"input\" array")
      }
      format = .json(.firstElement)
      return try nextElement()
    case .firstElement, .nextElement:
      guard let b = try peekSignificant() else { throw located("the file ends inside the array of items") }
      if b == UInt8(ascii: "]") {
        pos += 1
        format = .json(.afterArray)
        return try nextElement()
      }
      if state == .nextElement {
        guard b == UInt8(ascii: ",") else { throw located("expected ',' or ']' after an item") }
        pos += 1
        guard let after = try peekSignificant() else { throw located("the file ends inside the array of items") }
        if after == UInt8(ascii: "]") || after == UInt8(ascii: ",") {
          throw located("expected an item after ',' (JSON allows no trailing or doubled comma)")
        }
      }
      let startLine = line
      let startColumn = pos + blocks.base - lineStart + 1
      let (start, end) = try cutValue()
      try checkSize(start, end, line: startLine)
      format = .json(.nextElement)
      return Record(content: .element(Array(blocks.buffer[start..<end]), column: startColumn), line: startLine)
    case .afterArray:
      if wrapped { try leaveObject() }
      if try peekSignificant() != nil { throw located("unexpected text after the array of items") }
      format = .json(.done)
      return nil
    case .done:
      return nil
    }
  }

  /// Inside a top-level object: skips members until `"input":`, then enters its array.
  private func enterInputMember() throws(ReadError) {
    var first = true
    while true {
      guard var b = try peekSignificant() else { throw located("the file ends inside the object") }
      if !first {
        if b == UInt8(ascii: "}") { throw located("expected an object with an \"input\" array of items") }
        guard b == UInt8(ascii: ",") else { throw located("expected ',' or '}' after an object member") }
        pos += 1
        guard let next = try peekSignificant() else { throw located("the file ends inside the object") }
        b = next
      }
      if first && b == UInt8(ascii: "}") { throw located("expected an object with an \"input\" array of items") }
      guard b == UInt8(ascii: "\"") else { throw located("expected a member name in quotes") }
      let key = try parseCut()
      guard try peekSignificant() == UInt8(ascii: ":") else { throw located("expected ':' after a member name") }
      pos += 1
      if key == "input" {
        guard try peekSignificant() == UInt8(ascii: "[") else { throw located("\"input\" must be an array of items") }
        pos += 1
        return
      }
      _ = try parseCut()
      first = false
    }
  }

  /// After the `input` array: the rest of the object's members, then its `}`.
  private func leaveObject() throws(ReadError) {
    while true {
      guard let b = try peekSignificant() else { throw located("the file ends inside the object") }
      if b == UInt8(ascii: "}") {
        pos += 1
        return
      }
      guard b == UInt8(ascii: ",") else { throw located("expected ',' or '}' after an object member") }
      pos += 1
      guard try peekSignificant() == UInt8(ascii: "\"") else { throw located("expected a member name in quotes") }
      _ = try parseCut()
      guard try peekSignificant() == UInt8(ascii: ":") else { throw located("expected ':' after a member name") }
      pos += 1
      _ = try parseCut()
    }
  }

  /// Cuts one value and parses it (member names and skipped members).
  private func parseCut() throws(ReadError) -> JSONValue {
    guard try peekSignificant() != nil else { throw located("the file ends inside the object") }
    let startLine = line
    let (start, end) = try cutValue()
    do { return try JSONParser.parse(bytes: blocks.buffer[start..<end]) } catch {
      throw ReadError("\(name):\(startLine + error.line - 1): \(error.message)")
    }
  }

  /// The byte range of the JSON value at `pos` (which is not whitespace).
  ///
  /// Brackets are balanced outside strings, a scalar ends at a delimiter. The parser then checks the value itself.
  private func cutValue() throws(ReadError) -> (Int, Int) {
    var start = pos
    var i = pos
    var scan = ValueScanner(opening: blocks.buffer[i])
    while true {
      if i == blocks.buffer.count {
        if try !refill(keeping: &start, &i) {
          if !scan.mayEndAtEndOfFile { throw located("the file ends inside an item") }
          pos = i
          return (start, i)
        }
        continue
      }
      // The scan runs over the buffered bytes directly: no per-byte access to this object's properties.
      let base = blocks.base
      let (end, newlines, lastNewline) = blocks.buffer.withUnsafeBufferPointer { scan.scan($0, from: &i) }
      if newlines > 0 {
        line += newlines
        lineStart = base + lastNewline + 1
      }
      if let end {
        pos = end
        return (start, end)
      }
    }
  }

  /// The next byte that is not whitespace, without consuming it; nil at the end of the file.
  private func peekSignificant() throws(ReadError) -> UInt8? {
    while true {
      if pos == blocks.buffer.count {
        if try !refillAtPosition() { return nil }
        continue
      }
      let b = blocks.buffer[pos]
      switch b {
      case 0x20, 0x09, 0x0D: pos += 1
      case 0x0A:
        newLine(at: pos)
        pos += 1
      default: return b
      }
    }
  }

  // MARK: Buffer and position

  private func skipByteOrderMark() throws(ReadError) {
    while blocks.buffer.count < 3, try refillAtPosition() {}
    if blocks.buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
      pos = 3
      lineStart = 3
    }
  }

  private func newLine(at index: Int) {
    line += 1
    lineStart = blocks.base + index + 1
  }

  /// Reads another block; false at the end of the file.
  ///
  /// Drops the bytes before `keep` (and before `pos`); `keep` and `cursor` follow the shift.
  private func refill(keeping keep: inout Int, _ cursor: inout Int) throws(ReadError) -> Bool {
    let dropped = min(keep, pos)
    if cursor - dropped > maxItemBytes {
      throw ReadError("\(name):\(line): an item longer than \(Self.describeSize(maxItemBytes))")
    }
    let read = try blocks.readMore(droppingFirst: dropped)
    keep -= dropped
    cursor -= dropped
    pos -= dropped
    return read
  }

  /// Reads another block when everything buffered has been consumed; false at the end of the file.
  private func refillAtPosition() throws(ReadError) -> Bool {
    var keep = pos
    var cursor = pos
    return try refill(keeping: &keep, &cursor)
  }

  /// Refuses a record longer than ``maxItemBytes`` (a refill checks the same while reading one).
  private func checkSize(_ start: Int, _ end: Int, line: Int? = nil) throws(ReadError) {
    if end - start > maxItemBytes {
      throw ReadError("\(name):\(line ?? self.line): an item longer than \(Self.describeSize(maxItemBytes))")
    }
  }

  static func describeSize(_ bytes: Int) -> String {
    bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
  }

  private func located(_ message: String) -> ReadError {
    ReadError("\(name):\(line):\(pos + blocks.base - lineStart + 1): \(message)")
  }
}

/// A file read in 1 MiB blocks into a buffer that keeps only the bytes still needed.
struct BlockReader {
  static let blockSize = 1 << 20
  private let fd: Int32
  private let name: String
  /// The unconsumed bytes; `buffer[0]` is at file offset `base`.
  private(set) var buffer: [UInt8] = []
  private(set) var base = 0
  private(set) var hash = FingerprintHasher()
  private var closed = false
  /// Where each block is read to before it joins `buffer`.
  private var scratch: [UInt8] = []

  init(path: String, name: String) throws(ReadError) {
    self.name = name
    var info = stat()
    guard stat(path, &info) == 0 else {
      throw ReadError(
        errno == ENOENT ? "no such file: \(name)" : "cannot read \(name): \(String(cString: strerror(errno)))")
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else { throw ReadError("\(name) is not a regular file") }
    fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw ReadError("cannot read \(name): \(String(cString: strerror(errno)))") }
  }

  /// Closes the file (once).
  mutating func close() {
    if !closed {
      closed = true
      _ = Glibc.close(fd)
    }
  }

  /// Drops the first `dropped` bytes and appends the next block; false at the end of the file.
  mutating func readMore(droppingFirst dropped: Int) throws(ReadError) -> Bool {
    if dropped > 0 {
      buffer.removeSubrange(0..<dropped)
      base += dropped
    }
    if closed { return false }
    if scratch.isEmpty { scratch = [UInt8](repeating: 0, count: Self.blockSize) }
    // A block is always full but for the file's last one, so the fingerprint (which hashes block by block) never
    // depends on how the kernel split the reads.
    let count = scratch.withUnsafeMutableBytes { raw -> Int in
      var filled = 0
      while filled < Self.blockSize {
        let n = Glibc.read(fd, raw.baseAddress! + filled, Self.blockSize - filled)
        if n < 0 && errno == EINTR { continue }
        if n < 0 { return -1 }
        if n == 0 { break }
        filled += n
      }
      return filled
    }
    guard count >= 0 else { throw ReadError("cannot read \(name): \(String(cString: strerror(errno)))") }
    scratch.withUnsafeBufferPointer { read in
      let block = UnsafeBufferPointer(rebasing: read[..<count])
      buffer.append(contentsOf: block)
      hash.combine(block)
    }
    if count == 0 { close() }
    return count > 0
  }

  /// The index of the next `\n` at or after `from`, searched with memchr.
  func firstNewline(from: Int) -> Int? {
    buffer.withUnsafeBufferPointer { all in
      guard from < all.count, let base = all.baseAddress else { return nil }
      guard let found = memchr(base + from, 0x0A, all.count - from) else { return nil }
      return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
  }
}

/// A 64-bit hash of a byte stream (input fingerprints and chunk hashes for the journal): not cryptographic,
/// it only has to tell a changed file from the same one.
public struct FingerprintHasher: Sendable {
  /// The hash of everything combined so far.
  public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
  private var length: UInt64 = 0

  /// A hasher with nothing combined yet.
  public init() {}

  /// Adds bytes, eight at a time (callers hash a file in whole blocks, so the value depends only on the bytes).
  public mutating func combine(_ bytes: UnsafeBufferPointer<UInt8>) {
    var h = value
    let raw = UnsafeRawBufferPointer(bytes)
    var i = 0
    while i + 8 <= bytes.count {
      h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01b3
      h ^= h >> 32
      i += 8
    }
    while i < bytes.count {
      h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01b3
      i += 1
    }
    length &+= UInt64(bytes.count)
    value = h
  }

  /// Adds bytes from an array.
  public mutating func combine(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { combine($0) } }

  /// The value mixed with the length: what ``hex`` shows.
  public var mixed: UInt64 { value ^ length &* 0x9e37_79b9_7f4a_7c15 }

  /// The value as 16 hex digits, mixed with the length.
  public var hex: String {
    let digits = String(mixed, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}

/// Finds where one JSON value ends.
///
/// Brackets balanced outside strings, a string at its closing quote, a scalar at the next delimiter. State is kept between calls, so a value may span read blocks.
struct ValueScanner {
  private var depth = 0
  private var inString = false
  private var escaped = false
  private let isContainer: Bool
  private let isString: Bool

  init(opening: UInt8) {
    isContainer = opening == UInt8(ascii: "[") || opening == UInt8(ascii: "{")
    isString = opening == UInt8(ascii: "\"")
  }

  /// True when the end of the file may end the value (a number or a literal).
  var mayEndAtEndOfFile: Bool { !isContainer && !isString && !inString }

  /// Scans `bytes` from `i`; returns the value's end (exclusive) if found there.
  ///
  /// Also returns the newlines passed over. `i` ends where the scan stopped.
  mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, from i: inout Int) -> (
    end: Int?, newlines: Int, lastNewline: Int
  ) {
    var newlines = 0
    var lastNewline = -1
    var j = i
    defer { i = j }
    while j < bytes.count {
      let b = bytes[j]
      if inString {
        if !escaped && b != UInt8(ascii: "\\") && b != UInt8(ascii: "\"") && b != 0x0A {
          j = JSONStringSkipper.nextSpecial(bytes, from: j)
          continue
        }
        if escaped {
          escaped = false
        } else if b == UInt8(ascii: "\\") {
          escaped = true
        } else if b == UInt8(ascii: "\"") {
          inString = false
          if isString && depth == 0 {
            j += 1
            return (j, newlines, lastNewline)
          }
        } else if b == 0x0A {
          newlines += 1
          lastNewline = j
        }
      } else {
        switch b {
        case UInt8(ascii: "\""):
          inString = true
        case UInt8(ascii: "["), UInt8(ascii: "{"):
          depth += 1
        case UInt8(ascii: "]"), UInt8(ascii: "}"):
          if !isContainer { return (j, newlines, lastNewline) }
          depth -= 1
          if depth == 0 {
            j += 1
            return (j, newlines, lastNewline)
          }
        case UInt8(ascii: ","), 0x20, 0x09, 0x0D, 0x0A:
          if !isContainer { return (j, newlines, lastNewline) }
          if b == 0x0A {
            newlines += 1
            lastNewline = j
          }
        default:
          break
        }
      }
      j += 1
    }
    return (nil, newlines, lastNewline)
  }
}
