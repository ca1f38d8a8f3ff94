import Foundation
import L360Client
import L360JSON
import OrderedCollections

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The append-only record of one bulk statement's chunks, so an interrupted run resumes without sending a chunk
/// twice or losing one.
///
/// One JSON Lines file per statement under `.l360/journal/`. Each line is written and fsync'd before l360 goes
/// on: `sending` before a chunk's request leaves, `accepted` once its 202 arrived (with the operation id and
/// `Location`), `finished` when `await` saw it end. On `--resume`, an accepted chunk is re-attached by its
/// operation id; only a chunk whose 202 never arrived is sent again. The journal holds ids and hashes, never
/// items, credentials or tokens.
final class BulkJournal: @unchecked Sendable {
  /// A chunk the API accepted.
  struct Accepted: Equatable {
    var operationId: String
    var location: URL
  }

  /// The journal file.
  let path: String
  private let lock = NSLock()
  private(set) var accepted: [Int: Accepted] = [:]
  private(set) var finished: Set<Int> = []

  /// What identifies the statement's input; a resumed journal must match it.
  struct Header {
    var operation: String
    var input: String
    /// The input file's absolute path, so `resume` at the prompt can read it again (nil for a list).
    var inputPath: String?
    var fingerprint: String
    var items: Int
    var chunkSize: Int
    var chunks: Int

    /// Same operation, same input bytes, same chunking: the journal's chunk numbers mean the same items.
    func matches(_ other: Header) -> Bool {
      operation == other.operation && fingerprint == other.fingerprint && items == other.items
        && chunkSize == other.chunkSize && chunks == other.chunks
    }

    var json: JSONValue {
      [
        "operation": .string(operation), "input": .string(input), "fingerprint": .string(fingerprint),
        "items": .number(JSONNumber(items)), "chunkSize": .number(JSONNumber(chunkSize)),
        "chunks": .number(JSONNumber(chunks)), "inputPath": inputPath.map(JSONValue.string) ?? .null,
      ]
    }
  }

  /// How far a journal got, for `resume` at the prompt.
  struct Summary {
    var path: String
    var header: Header
    var accepted: Int
    var finished: Int
    var modified: Date
    var isFinished: Bool { finished >= header.chunks }
  }

  /// The journals in `directory`, newest first (kept `.previous` ones left out).
  static func summaries(in directory: String) -> [Summary] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    var found: [Summary] = []
    for name in names where name.hasSuffix(".jsonl") && !name.hasSuffix(".previous.jsonl") {
      let path = (directory as NSString).appendingPathComponent(name)
      guard let data = FileManager.default.contents(atPath: path) else { continue }
      let (header, events) = read(data)
      guard let header else { continue }
      func chunks(_ kind: String) -> Int {
        Set(events.filter { $0["event"]?.stringValue == kind }.compactMap { $0["chunk"]?.intValue }).count
      }
      let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? nil
      found.append(
        Summary(
          path: path, header: header, accepted: chunks("accepted"), finished: chunks("finished"),
          modified: modified ?? .distantPast))
    }
    return found.sorted { $0.modified > $1.modified }
  }

  /// Opens the journal for a statement.
  ///
  /// With `resume`, an existing journal is read back (a torn last line, from a kill mid-write, is ignored) and
  /// must describe the same input; without it, an unfinished journal is kept beside as `.previous.jsonl` and a new
  /// one starts. `note` receives what the user should know.
  init(directory: String, key: String, header: Header, statement: String, resume: Bool, note: (String) -> Void)
    throws(JournalError)
  {
    path = (directory as NSString).appendingPathComponent(key + ".jsonl")
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw JournalError("cannot create the journal folder \(directory): \(error.localizedDescription)")
    }
    let existing = FileManager.default.contents(atPath: path)
    if let existing, resume {
      let (previous, events) = Self.read(existing)
      guard let previous, previous.matches(header) else {
        throw JournalError(
          "the journal \(path) was written for other input (the file or the chunk size changed since); move it away to start over"
        )
      }
      for event in events {
        guard let chunk = event["chunk"]?.intValue else { continue }
        switch event["event"]?.stringValue {
        case "accepted":
          if let id = event["operation"]?.stringValue, let location = event["location"]?.stringValue.flatMap(URL.init) {
            accepted[chunk] = Accepted(operationId: id, location: location)
          }
        case "finished": finished.insert(chunk)
        default: break
        }
      }
      note(
        "resuming from \(path): \(accepted.count) of \(plural(header.chunks, "chunk")) already accepted, \(header.chunks - accepted.count) to send"
      )
      try append(["event": "resumed", "at": .string(Self.now())])
      return
    }
    if let existing {
      let (_, events) = Self.read(existing)
      let done = Set(events.filter { $0["event"]?.stringValue == "finished" }.compactMap { $0["chunk"]?.intValue })
      if done.count < header.chunks {
        let kept = (path as NSString).deletingPathExtension + ".previous.jsonl"
        try? FileManager.default.removeItem(atPath: kept)
        try? FileManager.default.moveItem(atPath: path, toPath: kept)
        note(
          "an earlier run of this statement did not finish (its journal is kept as \(kept)); starting over. Run with --resume to continue it instead"
        )
      } else {
        try? FileManager.default.removeItem(atPath: path)
      }
    } else if resume {
      note("nothing to resume for this statement (no journal at \(path)); sending it from the start")
    }
    var line: JSONValue = [
      "event": "statement", "version": 1, "statement": .string(String(statement.prefix(300))),
      "at": .string(Self.now()),
    ]
    for (name, value) in header.json.objectValue ?? [:] { line[name] = value }
    try append(line)
    AtomicFile.syncDirectory(directory)
  }

  /// Before a chunk's request leaves.
  func sending(chunk: Int, items: Int, hash: String) throws(JournalError) {
    try append([
      "event": "sending", "chunk": .number(JSONNumber(chunk)), "items": .number(JSONNumber(items)),
      "hash": .string(hash), "at": .string(Self.now()),
    ])
  }

  /// Once the chunk's 202 arrived.
  func accepted(chunk: Int, _ handle: BulkJobHandle) throws(JournalError) {
    try append([
      "event": "accepted", "chunk": .number(JSONNumber(chunk)), "operation": .string(handle.id),
      "location": .string(handle.location.absoluteString), "at": .string(Self.now()),
    ])
    lock.withLock { accepted[chunk] = Accepted(operationId: handle.id, location: handle.location) }
  }

  /// The chunk could not be submitted (retries ran out, or the API refused it).
  func failed(chunk: Int, message: String) {
    try? append([
      "event": "failed", "chunk": .number(JSONNumber(chunk)), "error": .string(message), "at": .string(Self.now()),
    ])
  }

  /// `await` saw the chunk's operation end.
  func finished(chunk: Int, status: String) {
    let isNew = lock.withLock { finished.insert(chunk).inserted }
    guard isNew else { return }
    try? append([
      "event": "finished", "chunk": .number(JSONNumber(chunk)), "status": .string(status), "at": .string(Self.now()),
    ])
  }

  // MARK: Reading and writing

  /// The header and the events of a journal file; a line that does not parse (torn by a kill) ends the reading.
  static func read(_ data: Data) -> (Header?, [JSONValue]) {
    var header: Header?
    var events: [JSONValue] = []
    for line in data.split(separator: 0x0A) {
      guard let event = try? JSONParser.parse(bytes: line) else { break }
      if event["event"]?.stringValue == "statement" {
        header = Header(
          operation: event["operation"]?.stringValue ?? "", input: event["input"]?.stringValue ?? "",
          inputPath: event["inputPath"]?.stringValue, fingerprint: event["fingerprint"]?.stringValue ?? "",
          items: event["items"]?.intValue ?? -1,
          chunkSize: event["chunkSize"]?.intValue ?? -1, chunks: event["chunks"]?.intValue ?? -1)
      } else {
        events.append(event)
      }
    }
    return (header, events)
  }

  /// Appends one line and fsyncs it: when this returns, the line survives a kill -9 or a power cut.
  private func append(_ event: JSONValue) throws(JournalError) {
    var bytes: [UInt8] = []
    JSONWriter.appendCompact(event, to: &bytes)
    bytes.append(0x0A)
    lock.lock()
    defer { lock.unlock() }
    do {
      let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
      guard fd >= 0 else { throw JournalError("cannot write the journal \(path): \(String(cString: strerror(errno)))") }
      defer { close(fd) }
      let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      guard written == bytes.count, fsync(fd) == 0 else {
        throw JournalError("cannot write the journal \(path): \(String(cString: strerror(errno)))")
      }
    }
  }

  private static func now() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: Date())
  }
}

/// The journal could not be written or does not match; nothing more is sent.
struct JournalError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
