import Foundation
import L360JSON
import OrderedCollections

/// What `courses sync` knows the server holds: for every externalId it accepted, a hash of the exact item sent.
///
/// The file is JSON, written whole and atomically (a new file, flushed to disk, renamed over the old one), so a run
/// killed at any moment leaves either the old state or the new one:
///
///     {"format": "l360-sync-state/1", "server": "https://app.360learning.com",
///      "integrationId": "62be...", "items": {"ext-101": "9f3a1c...", ...}}
///
/// An item is recorded only once the server reported it succeeded, and forgotten once its archive succeeded.
struct SyncState: Sendable {
  static let format = "l360-sync-state/1"

  /// The server's origin (`scheme://host[:port]`): a state is only true of the server that accepted its items.
  var server: String
  /// The integration whose courses these are.
  var integrationId: String
  /// Hash of the item last accepted, by externalId.
  var items: OrderedDictionary<String, String> = [:]

  /// The state at `path`; an empty one when there is no file. A file that is not a state of this form stops the
  /// run: guessing would re-send or archive the wrong courses.
  static func load(path: String, server: String, integrationId: String) throws(ReadError) -> SyncState {
    guard FileManager.default.fileExists(atPath: path) else {
      return SyncState(server: server, integrationId: integrationId)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ReadError("cannot read the sync state \(path): \(whyUnreadable(path))")
    }
    let document: JSONValue
    do { document = try JSONParser.parse(bytes: Array(data)) } catch {
      throw ReadError("the sync state \(path) is damaged (\(error)); move it aside and run with full=true")
    }
    guard document["format"]?.stringValue == format, let items = document["items"]?.objectValue else {
      throw ReadError("\(path) is not an l360 sync state (\(format)); give another state= file")
    }
    let writtenFor = document["server"]?.stringValue ?? "?"
    let writtenIntegration = document["integrationId"]?.stringValue ?? "?"
    guard writtenFor == server, writtenIntegration == integrationId else {
      throw ReadError(
        "the sync state \(path) is for integration \(writtenIntegration) on \(writtenFor), not \(integrationId) on \(server); give another state= file"
      )
    }
    var state = SyncState(server: server, integrationId: integrationId)
    for (externalId, hash) in items {
      guard let hash = hash.stringValue else {
        throw ReadError("the sync state \(path) is damaged at \"\(externalId)\"")
      }
      state.items[externalId] = hash
    }
    return state
  }

  /// Writes the state to `path` atomically, readable by its owner only.
  func save(path: String) throws {
    var members = OrderedDictionary<String, JSONValue>()
    for (externalId, hash) in items { members[externalId] = .string(hash) }
    let document: JSONValue = [
      "format": .string(Self.format), "server": .string(server), "integrationId": .string(integrationId),
      "items": .object(members),
    ]
    try AtomicFile.write(JSONWriter.compactBytes(document) + [0x0A], to: path)
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
    var written = 0
    while written < bytes.count {
      let result = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
      guard result > 0 else {
        let code = errno
        close(descriptor)
        unlink(temporary)
        throw WriteError(path: path, code: code)
      }
      written += result
    }
    guard fsync(descriptor) == 0 else {
      let code = errno
      close(descriptor)
      unlink(temporary)
      throw WriteError(path: path, code: code)
    }
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
