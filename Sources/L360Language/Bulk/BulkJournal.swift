import Foundation
import L360Client
import L360JSON
import L360Schema
import OrderedCollections
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The append-only record of one bulk statement's chunks, so an interrupted run resumes without sending a chunk
/// twice or losing one.
///
/// One file per statement under `.l360/journal/`, one framed and checksummed record per line (``JournalFrame``),
/// each written and fsync'd before l360 goes on: `sending` before a chunk's request leaves, `accepted` once its 202
/// arrived (with the operation id and `Location`), `finished` when `await` saw it end. On `--resume`, an accepted
/// chunk is re-attached by its operation id; a chunk sent without a known answer is looked for on the server first
/// (``unsettled``); only a chunk that certainly never arrived is sent again. A torn last record (a kill mid-write) is
/// set aside; damage anywhere else stops the resume. One process holds a journal at a time (``ExclusiveFileLock``),
/// and within it one object: a newer one on the same file (the prompt resuming a statement an earlier value still
/// holds) retires the older, whose later records are dropped rather than mixed into the file the newer one owns.
/// The journal holds ids and hashes, never items, credentials or tokens.
final class BulkJournal: @unchecked Sendable {
  /// A chunk the API accepted.
  struct Accepted: Equatable {
    var operationId: String
    var location: URL
  }

  /// The journal file.
  let path: String
  private let lock = NSLock()
  private let ownership: ExclusiveFileLock
  private let descriptor: Int32
  /// Bytes of whole records in the file: a failed append is cut back to it, so the next starts on a fresh line.
  private var length: off_t
  /// Set when a newer journal of this process took over the file: appends do nothing from then on.
  private var retired = false
  /// The live journal of each file in this process.
  private static let current = Mutex<[String: WeakJournal]>([:])
  private struct WeakJournal { weak var journal: BulkJournal? }
  /// What the records say so far: read from the file on resume, then updated by every record written, by the same
  /// rules (``Log/apply(_:)``), so memory and disk agree.
  private var log = Log()

  /// The chunks the API accepted, with their operations.
  var accepted: [Int: Accepted] { lock.withLock { log.accepted } }
  /// The chunks whose operation `await` saw end.
  var finished: Set<Int> { lock.withLock { log.finished } }
  /// Chunks whose request may have reached the server without its answer reaching l360, with when they were first
  /// sent: resume looks for them on the server before sending them again.
  var unsettled: [Int: Date] { lock.withLock { log.unsettled } }

  /// The record format; version 1 journals were unframed JSON lines.
  static let version = 2

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

    init(
      operation: String, input: String, inputPath: String?, fingerprint: String, items: Int, chunkSize: Int,
      chunks: Int
    ) {
      self.operation = operation
      self.input = input
      self.inputPath = inputPath
      self.fingerprint = fingerprint
      self.items = items
      self.chunkSize = chunkSize
      self.chunks = chunks
    }

    init(_ record: JSONValue) {
      self.init(
        operation: record["operation"]?.stringValue ?? "", input: record["input"]?.stringValue ?? "",
        inputPath: record["inputPath"]?.stringValue, fingerprint: record["fingerprint"]?.stringValue ?? "",
        items: record["items"]?.intValue ?? -1, chunkSize: record["chunkSize"]?.intValue ?? -1,
        chunks: record["chunks"]?.intValue ?? -1)
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
      let log = Log(JournalFrame.decode(Array(data)))
      guard let header = log.header else { continue }
      let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? nil
      found.append(
        Summary(
          path: path, header: header, accepted: log.accepted.count, finished: log.finished.count,
          modified: modified ?? .distantPast))
    }
    return found.sorted { $0.modified > $1.modified }
  }

  /// Opens the journal for a statement, holding it for this process.
  ///
  /// With `resume`, an existing journal is read back and must describe the same input: a torn last record is set
  /// aside in `NAME.torn`, and a damaged record refuses the resume, naming its line. Without it, an unfinished
  /// journal is kept beside as `.previous.jsonl` and a new one starts. `note` receives what the user should know.
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
    // Held before the file is read, renamed or written: a second run never sees it half-written.
    let lockPath = (directory as NSString).appendingPathComponent(key + ".lock")
    do {
      ownership = try ExclusiveFileLock.acquire(lockPath)
    } catch let busy as ExclusiveFileLock.Busy {
      let holder = busy.holder.map { "process \($0)" } ?? "another process"
      throw JournalError(
        "the journal \(path) is in use by another l360 run (\(holder)); wait for it to end, or stop it, then run again")
    } catch {
      throw JournalError("cannot lock the journal: \(error)")
    }
    // From here on this object owns the file; an older one of this process stops writing before it is read.
    let journalPath = path
    let older = Self.current.withLock { $0[journalPath]?.journal }
    older?.retire(true)
    // Opening may still fail (other input, damage): then the older one keeps the file, as if nothing happened.
    var opened = false
    defer { if !opened { older?.retire(false) } }
    let existing = FileManager.default.contents(atPath: path).map { Array($0) }
    if let existing, resume {
      let contents = JournalFrame.decode(existing)
      try Self.check(contents, path: path)
      let log = Log(contents)
      guard let previous = log.header, previous.matches(header) else {
        throw JournalError(
          "the journal \(path) was written for other input (the file or the chunk size changed since); move it away to start over"
        )
      }
      self.log = log
      if !contents.tornTail.isEmpty {
        let aside = path + ".torn"
        try Self.setAside(contents.tornTail, in: aside)
        note(
          "the journal's last record was cut short (a run stopped while writing it); it was set aside in \(aside)")
      }
      descriptor = try Self.openForAppending(path, truncate: false)
      length = off_t(contents.intactLength)
      // Appends start on a fresh line: the torn bytes go, whole records stay.
      guard ftruncate(descriptor, length) == 0 else {
        let code = errno
        close(descriptor)
        throw JournalError(WriteError(path: path, code: code).description)
      }
      var counts = "\(accepted.count) of \(plural(header.chunks, "chunk")) already accepted"
      if !unsettled.isEmpty {
        counts += ", \(unsettled.count) sent without an answer (looked for on the server first)"
      }
      note("resuming from \(path): \(counts), \(header.chunks - accepted.count - unsettled.count) to send")
      try append(["event": "resumed", "at": .string(Self.now())])
      Self.current.withLock { $0[journalPath] = WeakJournal(journal: self) }
      opened = true
      return
    }
    if let existing {
      let contents = JournalFrame.decode(existing)
      let done = Log(contents).finished
      if done.count < header.chunks || contents.damage != nil || contents.isUnframed {
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
    descriptor = try Self.openForAppending(path, truncate: true)
    length = 0
    var line: JSONValue = [
      "event": "statement", "version": .number(JSONNumber(Self.version)),
      "statement": .string(String(statement.prefix(300))), "at": .string(Self.now()),
    ]
    for (name, value) in header.json.objectValue ?? [:] { line[name] = value }
    try append(line)
    AtomicFile.syncDirectory(directory)
    Self.current.withLock { $0[journalPath] = WeakJournal(journal: self) }
    opened = true
  }

  deinit { close(descriptor) }

  /// Before a chunk's request leaves.
  func sending(chunk: Int, items: Int, hash: String) throws(JournalError) {
    try append([
      "event": "sending", "chunk": .number(JSONNumber(chunk)), "items": .number(JSONNumber(items)),
      "hash": .string(hash), "at": .string(Self.now()),
    ])
  }

  /// Once the chunk's 202 arrived (or resume found the chunk's operation on the server).
  func accepted(chunk: Int, _ handle: BulkJobHandle, found: Bool = false) throws(JournalError) {
    var record: JSONValue = [
      "event": "accepted", "chunk": .number(JSONNumber(chunk)), "operation": .string(handle.id),
      "location": .string(handle.location.absoluteString), "at": .string(Self.now()),
    ]
    if found { record["foundOnServer"] = true }
    try append(record)
  }

  /// The chunk could not be submitted. `certain` when the server answered that it did not take it (a refusal, or
  /// 429 until retries ran out); otherwise its outcome is unknown and resume looks for it on the server.
  func failed(chunk: Int, message: String, certain: Bool) {
    try? append([
      "event": "failed", "chunk": .number(JSONNumber(chunk)), "error": .string(message),
      "outcome": certain ? "notSent" : "unknown", "at": .string(Self.now()),
    ])
  }

  /// Resume looked for an unsettled chunk on the server and did not find it: it is sent again.
  func notFound(chunk: Int) throws(JournalError) {
    try append(["event": "notFoundOnServer", "chunk": .number(JSONNumber(chunk)), "at": .string(Self.now())])
  }

  /// `await` saw the chunk's operation end.
  func finished(chunk: Int, status: String) {
    try? append([
      "event": "finished", "chunk": .number(JSONNumber(chunk)), "status": .string(status), "at": .string(Self.now()),
    ])
  }

  // MARK: Reading

  /// What a journal's records say about its chunks.
  struct Log {
    var header: Header?
    var accepted: [Int: Accepted] = [:]
    var finished: Set<Int> = []
    var unsettled: [Int: Date] = [:]

    init() {}

    init(_ contents: JournalFrame.Contents) {
      for (_, record) in contents.records { apply(record) }
    }

    /// Whether `record` says something new: a chunk's end is written once.
    func adds(_ record: JSONValue) -> Bool {
      guard record["event"]?.stringValue == "finished", let chunk = record["chunk"]?.intValue else { return true }
      return !finished.contains(chunk)
    }

    /// What one record says, whether read from the file or just written to it.
    mutating func apply(_ record: JSONValue) {
      let event = record["event"]?.stringValue
      if event == "statement" {
        header = Header(record)
        return
      }
      guard let chunk = record["chunk"]?.intValue else { return }
      switch event {
      case "sending":
        // The first time it was sent: the operation it may have created is not older than that.
        if accepted[chunk] == nil, unsettled[chunk] == nil {
          let seconds = record["at"]?.stringValue.flatMap(dateTimeSeconds)
          unsettled[chunk] = seconds.map(Date.init(timeIntervalSince1970:)) ?? .distantPast
        }
      case "accepted":
        if let id = record["operation"]?.stringValue, let location = record["location"]?.stringValue.flatMap(URL.init) {
          accepted[chunk] = Accepted(operationId: id, location: location)
          unsettled[chunk] = nil
        }
      case "failed" where record["outcome"]?.stringValue == "notSent", "notFoundOnServer":
        unsettled[chunk] = nil
      case "finished": finished.insert(chunk)
      default: break
      }
    }
  }

  /// Refuses a journal l360 cannot read with certainty.
  private static func check(_ contents: JournalFrame.Contents, path: String) throws(JournalError) {
    if contents.isUnframed {
      throw JournalError(
        "the journal \(path) was written by an earlier l360, without checksums, and cannot be resumed; look its operations up with 'jobs list', then move the file away to start over"
      )
    }
    if let damage = contents.damage {
      throw JournalError(
        "the journal \(path) is damaged at line \(damage.line): \(damage.reason). l360 cannot tell which chunks the server accepted, so it resumes nothing; check the operations with 'jobs list', then move the file away to start over"
      )
    }
  }

  // MARK: Writing

  private static func openForAppending(_ path: String, truncate: Bool) throws(JournalError) -> Int32 {
    let flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (truncate ? O_TRUNC : 0)
    let descriptor = open(path, flags, 0o600)
    guard descriptor >= 0 else { throw JournalError(WriteError(path: path, code: errno).description) }
    return descriptor
  }

  private static func setAside(_ bytes: ArraySlice<UInt8>, in path: String) throws(JournalError) {
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else { throw JournalError(WriteError(path: path, code: errno).description) }
    defer { close(descriptor) }
    var line = Array(bytes)
    line.append(0x0A)
    do throws(FileDescriptorWriter.Failure) { try FileDescriptorWriter.writeAll(line, to: descriptor) } catch {
      throw JournalError(WriteError(path: path, code: error.code).description)
    }
    _ = fsync(descriptor)
  }

  /// Appends one record and fsyncs it: when this returns, it survives a kill -9 or a power cut. When the write
  /// fails (a full disk), the partial line is cut off again and the real cause is thrown.
  private func append(_ record: JSONValue) throws(JournalError) {
    let line = JournalFrame.encode(record)
    lock.lock()
    defer { lock.unlock() }
    guard !retired, log.adds(record) else { return }
    do throws(FileDescriptorWriter.Failure) {
      try FileDescriptorWriter.writeAll(line, to: descriptor)
      guard fsync(descriptor) == 0 else { throw FileDescriptorWriter.Failure(code: errno) }
      length += off_t(line.count)
      log.apply(record)
    } catch {
      _ = ftruncate(descriptor, length)
      throw JournalError(WriteError(path: path, code: error.code).description)
    }
  }

  /// Stops this journal's writing while a newer one of this process takes over the file (`true`), or lets it write
  /// again when the newer one could not open (`false`).
  private func retire(_ stop: Bool) { lock.withLock { retired = stop } }

  /// True once a newer journal of this process took over the file.
  var isRetired: Bool { lock.withLock { retired } }

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
