import Foundation
import L360JSON

/// What `courses sync` knows the server holds: for every externalId it accepted, a hash of the exact item sent.
///
/// The file is text, written whole and atomically (a new file, flushed to disk, renamed over the old one), so a
/// run killed at any moment leaves either the old state or the new one. Its first line names the format, its
/// second is a JSON object naming the server and the integration, and each further line is the hash of an item
/// (16 hex digits) and its externalId as a JSON string:
///
///     l360-sync-state/1
///     {"server":"https://app.360learning.com","integrationId":"62be0535045424d93edaad7b"}
///     fa5bfa62d655a487 "ext-101"
///
/// (Lines, not one JSON document: reading 100,000 of them costs a fraction of parsing the same as JSON.) An item
/// is recorded only once the server reported it succeeded, and forgotten once its archive succeeded.
struct SyncState: Sendable {
  static let format = "l360-sync-state/1"

  /// What is known of one externalId: the hash of the item the server accepted, if it did, and, while a plan reads
  /// the file, the line the id was seen on (0: not seen).
  struct Entry: Sendable {
    var accepted: UInt64?
    var seenOn: Int32 = 0
  }

  /// The server's origin (`scheme://host[:port]`): a state is only true of the server that accepted its items.
  var server: String
  /// The integration whose courses these are.
  var integrationId: String
  /// Every externalId known, accepted or only seen.
  var items: [String: Entry] = [:]

  /// The state at `path`; an empty one when there is no file. A file that is not a state of this form stops the
  /// run: guessing would re-send or archive the wrong courses.
  static func load(path: String, server: String, integrationId: String) throws(ReadError) -> SyncState {
    guard FileManager.default.fileExists(atPath: path) else {
      return SyncState(server: server, integrationId: integrationId)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ReadError("cannot read the sync state \(path): \(whyUnreadable(path))")
    }
    func damaged(_ line: Int) -> ReadError {
      ReadError("the sync state \(path) is damaged at line \(line); move it aside and run with full=true")
    }
    let bytes = [UInt8](data)
    var state = SyncState(server: server, integrationId: integrationId)
    var header: JSONValue?
    var line = 0
    var start = 0
    state.items.reserveCapacity(bytes.count / 32)
    while start < bytes.count {
      line += 1
      guard let end = bytes[start...].firstIndex(of: 0x0A) else {
        // A file cut short would lose the items after the cut: every line ends with a newline.
        throw line <= 1
          ? ReadError("\(path) is not an l360 sync state (\(format)); give another state= file") : damaged(line)
      }
      let text = bytes[start..<end]
      start = end + 1
      switch line {
      case 1:
        guard text.elementsEqual(format.utf8) else {
          throw ReadError("\(path) is not an l360 sync state (\(format)); give another state= file")
        }
      case 2:
        guard let parsed = try? JSONParser.parse(bytes: Array(text)) else { throw damaged(line) }
        header = parsed
      default:
        guard text.count > 19, text[text.startIndex + 16] == 0x20, let hash = Self.hexValue(text.prefix(16)),
          let externalId = Self.string(text.dropFirst(17))
        else { throw damaged(line) }
        state.items[externalId] = Entry(accepted: hash)
      }
    }
    guard let header else { throw damaged(max(line, 2)) }
    let writtenFor = header["server"]?.stringValue ?? "?"
    let writtenIntegration = header["integrationId"]?.stringValue ?? "?"
    guard writtenFor == server, writtenIntegration == integrationId else {
      throw ReadError(
        "the sync state \(path) is for integration \(writtenIntegration) on \(writtenFor), not \(integrationId) on \(server); give another state= file"
      )
    }
    return state
  }

  /// 16 hex digits as a number.
  private static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt64? {
    var value: UInt64 = 0
    for digit in digits {
      let nibble: UInt8
      switch digit {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
      default: return nil
      }
      value = value << 4 | UInt64(nibble)
    }
    return value
  }

  /// A JSON string's value; without escapes it is the text between the quotes.
  private static func string(_ bytes: ArraySlice<UInt8>) -> String? {
    guard bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") else { return nil }
    if !bytes.contains(UInt8(ascii: "\\")) {
      return String(decoding: bytes.dropFirst().dropLast(), as: UTF8.self)
    }
    return (try? JSONParser.parse(bytes: Array(bytes)))?.stringValue
  }

  /// Writes the accepted items to `path` atomically, readable by its owner only.
  func save(path: String) throws {
    var text: [UInt8] = Array("\(Self.format)\n".utf8)
    JSONWriter.appendCompact(["server": .string(server), "integrationId": .string(integrationId)], to: &text)
    text.append(0x0A)
    text.reserveCapacity(text.count + items.count * 40)
    let digits = Array("0123456789abcdef".utf8)
    for (externalId, entry) in items {
      guard let hash = entry.accepted else { continue }
      for shift in stride(from: 60, through: 0, by: -4) { text.append(digits[Int(hash >> UInt64(shift) & 0xF)]) }
      text.append(0x20)
      let utf8 = externalId.utf8
      if utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
        text.append(UInt8(ascii: "\""))
        text.append(contentsOf: utf8)
        text.append(UInt8(ascii: "\""))
      } else {
        JSONWriter.appendCompact(.string(externalId), to: &text)
      }
      text.append(0x0A)
    }
    try AtomicFile.write(text, to: path, privacy: .owner, createFolder: true)
  }

  /// The hash an item is remembered by: of its compact JSON, so formatting in the source file does not count.
  static func hash(_ item: JSONValue) -> UInt64 { hash(bytes: JSONWriter.compactBytes(item)) }

  /// The hash of an item's compact JSON text.
  static func hash(bytes: [UInt8]) -> UInt64 {
    var hasher = FingerprintHasher()
    hasher.combine(bytes)
    return hasher.mixed
  }
}
