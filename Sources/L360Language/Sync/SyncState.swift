import Foundation
import L360JSON

/// What `courses sync` knows the server holds: for every externalId it accepted, a hash of the exact item sent.
///
/// The file is text, written whole and atomically (a new file, flushed to disk, renamed over the old one), so a
/// run killed at any moment leaves either the old state or the new one. Its first line names the format, its
/// second is a JSON object naming the server and the integration, and each further line is the hash of an item
/// and its externalId as a JSON string:
///
///     l360-sync-state/1
///     {"server":"https://app.360learning.com","integrationId":"62be0535045424d93edaad7b"}
///     fa5bfa62d655a487 "ext-101"
///
/// (Lines, not one JSON document: reading 100,000 of them costs a tenth of parsing the same as JSON.) An item is
/// recorded only once the server reported it succeeded, and forgotten once its archive succeeded.
struct SyncState: Sendable {
  static let format = "l360-sync-state/1"

  /// The server's origin (`scheme://host[:port]`): a state is only true of the server that accepted its items.
  var server: String
  /// The integration whose courses these are.
  var integrationId: String
  /// Hash of the item last accepted, by externalId.
  var items: [String: String] = [:]

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
    let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
    guard lines.first.map({ String(decoding: $0, as: UTF8.self) }) == format, lines.count >= 2 else {
      throw ReadError("\(path) is not an l360 sync state (\(format)); give another state= file")
    }
    guard let header = try? JSONParser.parse(bytes: Array(lines[1])) else { throw damaged(2) }
    var state = SyncState(server: server, integrationId: integrationId)
    state.items.reserveCapacity(lines.count)
    for (index, line) in lines.enumerated().dropFirst(2) where !line.isEmpty {
      guard let space = line.firstIndex(of: 0x20), let externalId = Self.string(line[(space + 1)...]) else {
        throw damaged(index + 1)
      }
      state.items[externalId] = String(decoding: line[..<space], as: UTF8.self)
    }
    // A file cut short would lose the items after the cut: it must end with its last line's newline.
    guard data.last == 0x0A else { throw damaged(lines.count) }
    let writtenFor = header["server"]?.stringValue ?? "?"
    let writtenIntegration = header["integrationId"]?.stringValue ?? "?"
    guard writtenFor == server, writtenIntegration == integrationId else {
      throw ReadError(
        "the sync state \(path) is for integration \(writtenIntegration) on \(writtenFor), not \(integrationId) on \(server); give another state= file"
      )
    }
    return state
  }

  /// A JSON string's value; without escapes it is the text between the quotes.
  private static func string(_ bytes: Data.SubSequence) -> String? {
    guard bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") else { return nil }
    if !bytes.contains(UInt8(ascii: "\\")) {
      return String(decoding: bytes.dropFirst().dropLast(), as: UTF8.self)
    }
    return (try? JSONParser.parse(bytes: Array(bytes)))?.stringValue
  }

  /// Writes the state to `path` atomically, readable by its owner only.
  func save(path: String) throws {
    var text: [UInt8] = Array("\(Self.format)\n".utf8)
    JSONWriter.appendCompact(["server": .string(server), "integrationId": .string(integrationId)], to: &text)
    text.append(0x0A)
    text.reserveCapacity(text.count + items.count * 40)
    for (externalId, hash) in items {
      text.append(contentsOf: hash.utf8)
      text.append(0x20)
      JSONWriter.appendCompact(.string(externalId), to: &text)
      text.append(0x0A)
    }
    try AtomicFile.write(text, to: path)
  }

  /// The hash an item is remembered by: of its compact JSON, so formatting in the source file does not count.
  static func hash(_ item: JSONValue) -> String { hash(bytes: JSONWriter.compactBytes(item)) }

  /// The hash of an item's compact JSON text.
  static func hash(bytes: [UInt8]) -> String {
    var hasher = FingerprintHasher()
    hasher.combine(bytes)
    return hasher.hex
  }
}

/// Writes a file whole or not at all: a temporary file beside it, flushed, renamed over the target, and the
/// folder flushed, so a crash or a full disk never leaves half a file.
enum AtomicFile {
  static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws {
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    let temporary = path + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode)
    guard descriptor >= 0 else { throw WriteError(path: path, code: errno) }
    func fail(_ code: Int32) -> WriteError {
      close(descriptor)
      unlink(temporary)
      return WriteError(path: path, code: code)
    }
    var written = 0
    while written < bytes.count {
      let result = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
      guard result > 0 else { throw fail(errno) }
      written += result
    }
    guard fsync(descriptor) == 0 else { throw fail(errno) }
    close(descriptor)
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw WriteError(path: path, code: code)
    }
    let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY)
    if folderDescriptor >= 0 {
      fsync(folderDescriptor)
      close(folderDescriptor)
    }
  }
}

/// A file could not be written; says why in words (a full disk is named as such).
struct WriteError: Error, CustomStringConvertible {
  let path: String
  let code: Int32

  var description: String {
    let reason = code == ENOSPC ? "the disk is full" : String(cString: strerror(code))
    return "cannot write \(path): \(reason)"
  }
}
