import L360JSON

/// How one journal record is written on its line, so a damaged or torn record is recognised instead of misread.
///
/// A line is `LENGTH CRC32 JSON\n`: the byte length of the JSON in decimal, its CRC-32 in 8 lowercase hex digits, and
/// the record as compact JSON (which never holds a raw newline). A kill during a write leaves a last line without
/// its newline (a torn tail); anything else that does not check out is damage.
enum JournalFrame {
  /// One record as it goes on disk, newline included.
  static func encode(_ record: JSONValue) -> [UInt8] {
    var json: [UInt8] = []
    JSONWriter.appendCompact(record, to: &json)
    let checksum = String(CRC32.checksum(json), radix: 16)
    var line = Array("\(json.count) \(String(repeating: "0", count: 8 - checksum.count))\(checksum) ".utf8)
    line.append(contentsOf: json)
    line.append(0x0A)
    return line
  }

  /// What a journal file holds, read back line by line.
  struct Contents {
    /// The records of the complete lines, in order, each with its 1-based line number.
    var records: [(line: Int, record: JSONValue)] = []
    /// A first complete line that does not check out, and why; nothing after it is trusted.
    var damage: (line: Int, reason: String)?
    /// The bytes after the last newline: a record cut short by a kill or a full disk.
    var tornTail: ArraySlice<UInt8> = []
    /// The byte offset where the torn tail starts (the length to keep).
    var intactLength: Int = 0
    /// True when the file is a journal from before records were framed (plain JSON lines).
    var isUnframed = false
  }

  /// Reads a journal's bytes.
  static func decode(_ bytes: [UInt8]) -> Contents {
    var contents = Contents()
    var start = 0
    var line = 0
    while start < bytes.count {
      guard let end = bytes[start...].firstIndex(of: 0x0A) else {
        contents.tornTail = bytes[start...]
        break
      }
      line += 1
      let text = bytes[start..<end]
      contents.intactLength = end + 1
      start = end + 1
      if line == 1, text.first == UInt8(ascii: "{") {
        contents.isUnframed = true
        return contents
      }
      switch record(text) {
      case .success(let record): contents.records.append((line, record))
      case .failure(let problem):
        contents.damage = (line, problem.reason)
        return contents
      }
    }
    return contents
  }

  private struct Problem: Error { let reason: String }

  private static func record(_ text: ArraySlice<UInt8>) -> Result<JSONValue, Problem> {
    let fields = text.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
    guard fields.count == 3, let length = Int(String(decoding: fields[0], as: UTF8.self)),
      fields[1].count == 8, let expected = UInt32(String(decoding: fields[1], as: UTF8.self), radix: 16)
    else { return .failure(Problem(reason: "it is not a journal record (LENGTH CRC32 JSON)")) }
    let json = fields[2]
    guard json.count == length else {
      return .failure(Problem(reason: "its record is \(json.count) bytes long where the line says \(length)"))
    }
    guard CRC32.checksum(json) == expected else {
      return .failure(Problem(reason: "its checksum does not match (the line was changed after it was written)"))
    }
    guard let record = try? JSONParser.parse(bytes: Array(json)) else {
      return .failure(Problem(reason: "its record is not JSON"))
    }
    return .success(record)
  }
}
