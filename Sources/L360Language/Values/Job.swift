import Foundation
import L360Client
import L360JSON
import OrderedCollections

/// A bulk job as a script sees it: one or more submitted chunks, and once awaited, every result.
///
/// A reference type, so `await $job` updates every variable that holds the job.
public final class Job: @unchecked Sendable {
  /// The bulk operation type ("importExternalCourses", ...).
  public let type: String
  /// How many input items the statement submitted, over all chunks (known from the results once
  /// awaited, for a job re-attached by id).
  public var total: Int {
    parts.isEmpty ? max(declaredTotal, store.succeeded + store.failed) : parts.reduce(0) { $0 + $1.job.total }
  }
  let declaredTotal: Int
  /// The submitted chunks (one per bulk call), in input order; empty in a dry run.
  public let handles: [BulkJobHandle]
  /// True when nothing was sent (`--dry-run`).
  public let dryRun: Bool
  /// Where each submitted item came from ("courses.jsonl:4812", "item 3"), in input order.
  public let sources: SourceMap
  /// The statement's journal, told when a chunk's operation ends (nil for re-attached jobs and dry runs).
  let journal: BulkJournal?
  /// When the job was submitted.
  public let startedAt = ContinuousClock.now
  private let lock = NSLock()
  /// Final status of each finished chunk, by operation id.
  private var statuses: [String: String] = [:]
  /// The server's `errorMessage` of each chunk whose operation ended in `error`, by operation id.
  private var errorMessages: [String: String] = [:]
  /// Every per-item result, kept on disk (see ``ResultStore``).
  private let store = ResultStore()
  private var finishedAfter: Duration?
  private var memberCache: [String: Value] = [:]
  /// Reads submitted items back, for the ones an operation in error left without a result.
  private let recover: ItemRecovery?

  /// False for a job re-attached by id (`jobs get`): it was not submitted here, so its elapsed time is unknown.
  let submittedHere: Bool
  /// For a statement made of several bulk jobs (a sync's upserts and archives): each job, named by what its
  /// succeeded items count as (`sent`, `archived`, ...); empty for a plain job.
  let parts: [(name: String, job: Job)]
  /// Counts known when the statement ran (a sync's `new`, `changed` and `unchanged` items).
  let counts: OrderedDictionary<String, Int>
  /// Told each chunk's inputs and which of them succeeded, once it is awaited (a sync records them in its state).
  var observer: ChunkObserver?

  /// Makes a job from its submitted chunks.
  public convenience init(
    type: String, total: Int, handles: [BulkJobHandle], dryRun: Bool = false,
    sources: SourceMap = SourceMap(file: nil, lines: false)
  ) {
    self.init(
      type: type, total: total, handles: handles, dryRun: dryRun, sources: sources, journal: nil, recover: nil)
  }

  init(
    type: String, total: Int, handles: [BulkJobHandle], dryRun: Bool, sources: SourceMap, journal: BulkJournal?,
    recover: ItemRecovery?, submittedHere: Bool = true
  ) {
    parts = []
    counts = [:]
    self.submittedHere = submittedHere
    self.sources = sources
    self.journal = journal
    self.recover = recover
    self.type = type
    self.declaredTotal = total
    self.handles = handles
    self.dryRun = dryRun
  }

  /// A statement's job made of other jobs: awaiting it awaits each part; its counts add theirs up.
  init(composite type: String, parts: [(name: String, job: Job)], counts: OrderedDictionary<String, Int>, dryRun: Bool)
  {
    self.type = type
    self.parts = parts
    self.counts = counts
    self.dryRun = dryRun
    declaredTotal = 0
    handles = []
    sources = SourceMap(file: nil, lines: false)
    journal = nil
    recover = nil
    submittedHere = true
  }

  /// The jobs that hold chunks: the parts of a composite job, or the job itself.
  var leaves: [Job] { parts.isEmpty ? [self] : parts.map(\.job) }

  /// Records a chunk's final outcome; its results go to the store with the source of each item.
  func finish(_ handle: BulkJobHandle, _ outcome: BulkJobOutcome) {
    guard let chunk = handles.firstIndex(of: handle) else { return }
    journal?.finished(chunk: chunk, status: outcome.operation.status)
    let first = handles[..<chunk].reduce(0) { $0 + $1.itemCount }
    let isNew = lock.withLock { statuses[handle.id] == nil }
    guard isNew else { return }
    store.store(
      chunk: chunk, firstPosition: first, itemCount: handle.itemCount, succeeded: outcome.resultSucceeded,
      body: outcome.resultsBody, unprocessed: unprocessed(handle, outcome, first: first))
    lock.withLock {
      statuses[handle.id] = outcome.operation.status
      if outcome.operation.status == "error" { errorMessages[handle.id] = outcome.operation.errorMessage ?? "" }
      if statuses.count == handles.count { finishedAfter = ContinuousClock.now - startedAt }
    }
    if let observer {
      let positions = first..<(first + handle.itemCount)
      observer(positions, outcome.resultSucceeded) { [recover] in (try? recover?(positions)) ?? [] }
    }
  }

  /// Results for the items an operation left without one (it ended in `error` part way): each a failure with the
  /// item's input, so every submitted item has an outcome and `save $job.errors` can send them again.
  private func unprocessed(_ handle: BulkJobHandle, _ outcome: BulkJobOutcome, first: Int) -> [JSONValue] {
    let answered = outcome.resultSucceeded.count
    guard answered < handle.itemCount else { return [] }
    let missing = (first + answered)..<(first + handle.itemCount)
    let inputs = (try? recover?(missing)) ?? []
    let message =
      "not processed: operation \(handle.id) ended with status \(outcome.operation.status) before this item"
    return missing.indices.map { offset in
      let index = offset - missing.lowerBound
      return [
        "input": index < inputs.count ? inputs[index] : .null, "status": "error",
        "errorMessage": .string(message),
      ]
    }
  }

  /// The chunks whose operation ended in `error`, each with the server's message (empty when it gave none).
  var erroredOperations: [(id: String, message: String)] {
    lock.withLock { handles.compactMap { handle in errorMessages[handle.id].map { (handle.id, $0) } } }
  }

  /// The chunks not yet awaited to the end.
  var pending: [BulkJobHandle] { lock.withLock { handles.filter { statuses[$0.id] == nil } } }

  /// True once every chunk has been awaited (a composite job: once every part has).
  public var isFinished: Bool {
    guard parts.isEmpty else { return parts.allSatisfy { $0.job.isFinished } }
    return lock.withLock { !handles.isEmpty && statuses.count == handles.count }
  }

  /// The first operation id (a one-chunk job has exactly one).
  public var id: String {
    guard parts.isEmpty else { return parts.lazy.map(\.job).first { !$0.handles.isEmpty }?.id ?? "(nothing sent)" }
    return handles.first?.id ?? "(not submitted)"
  }

  /// `submitted`, `not submitted` (dry run), or once finished `completed` (or `error` if any chunk ended so).
  public var status: String {
    guard parts.isEmpty else {
      if dryRun { return "not submitted" }
      let statuses = parts.map(\.job).filter { !$0.handles.isEmpty }.map(\.status)
      if statuses.contains("submitted") { return "submitted" }
      return statuses.contains("error") ? "error" : "completed"
    }
    return lock.withLock {
      if dryRun { return "not submitted" }
      guard !handles.isEmpty, statuses.count == handles.count else { return "submitted" }
      return statuses.values.contains("error") ? "error" : "completed"
    }
  }

  /// Items that succeeded, in the chunks awaited so far.
  public var succeeded: Int { parts.isEmpty ? store.succeeded : parts.reduce(0) { $0 + $1.job.succeeded } }
  /// Items that failed, in the chunks awaited so far.
  public var failed: Int { parts.isEmpty ? store.failed : parts.reduce(0) { $0 + $1.job.failed } }

  /// Every result as JSON, in input order, with `source` naming the input it came from (file and line) when known.
  var resultsWithSources: [JSONValue] {
    parts.isEmpty ? store.all(chunks: handles.count, source: source) : parts.flatMap { $0.job.resultsWithSources }
  }

  /// The failed results, in input order.
  var errors: [JSONValue] { errors(first: .max) }

  /// The first `limit` failed results, in input order, reading no more chunks than they need.
  func errors(first limit: Int) -> [JSONValue] {
    guard parts.isEmpty else {
      var out: [JSONValue] = []
      for part in parts where out.count < limit { out += part.job.errors(first: limit - out.count) }
      return out
    }
    return store.errors(chunks: handles.count, limit: limit, source: source)
  }

  /// Where the item at input position `position` came from, when known.
  private func source(_ position: Int) -> String? {
    position < sources.count ? sources.describe(position) : nil
  }

  /// Wall time from submission to the last chunk's end, once finished (nil for a job re-attached by id).
  public var elapsed: Duration? {
    guard parts.isEmpty else {
      let sent = parts.map(\.job).filter { !$0.handles.isEmpty }
      guard !sent.isEmpty, sent.allSatisfy({ $0.elapsed != nil }) else { return nil }
      return sent.compactMap(\.elapsed).max()
    }
    return submittedHere ? lock.withLock { finishedAfter } : nil
  }

  /// The fields scripts read with `$job.NAME`, in the order they are shown (``field(_:)`` answers each; `ids` too
  /// when the statement was sent in several chunks).
  static let fieldNames = [
    "id", "type", "status", "total", "succeeded", "failed", "results", "errors", "elapsed",
  ]

  /// The fields scripts read: id, type, status, total, succeeded, failed, results, errors, elapsed
  /// (and `ids` when the statement was sent in several chunks).
  public var summary: JSONValue { object(of: names) }

  /// What `--output json` shows for a job: its counts and ids, without its results or errors (a job of 50,000
  /// items would make one line of megabytes; `$job.results` and `$job.errors` print them when wanted).
  public var brief: JSONValue { object(of: names.filter { $0 != "results" && $0 != "errors" }) }

  /// The fields of this job: the common ones, then a composite job's counts and parts.
  public var names: [String] { Self.fieldNames + counts.keys + parts.map(\.name) }

  /// The fields `names` as one object, with `ids` before `elapsed` when the job was sent in several chunks.
  private func object(of names: [String]) -> JSONValue {
    var value: JSONValue = [:]
    for name in names {
      if name == "elapsed", let ids = field("ids") { value["ids"] = ids }
      value[name] = field(name)
    }
    return value
  }

  /// One field of ``summary``, computed alone: `$job.status` must not read every result back.
  func field(_ name: String) -> JSONValue? {
    if let count = counts[name] { return .number(JSONNumber(count)) }
    if let part = parts.first(where: { $0.name == name }) { return .number(JSONNumber(part.job.succeeded)) }
    switch name {
    case "id": return .string(id)
    case "type": return .string(type)
    case "status": return .string(status)
    case "total": return .number(JSONNumber(total))
    case "succeeded": return .number(JSONNumber(succeeded))
    case "failed": return .number(JSONNumber(failed))
    case "results": return .array(resultsWithSources)
    case "errors": return .array(errors)
    case "ids":
      let all = leaves.flatMap(\.handles)
      return all.count > 1 ? .array(all.map { .string($0.id) }) : nil
    case "elapsed":
      guard let elapsed else { return .null }
      let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
      return .number(JSONNumber((seconds * 100).rounded() / 100))
    default: return nil
    }
  }

  /// A field as a script value.
  ///
  /// Once the job is finished its fields no longer change, so each is converted once: a loop reading `$job.results[i]`
  /// stays linear.
  func member(_ name: String) -> Value? {
    if let cached = lock.withLock({ finishedAfter != nil ? memberCache[name] : nil }) { return cached }
    guard let value = field(name).map(Value.init) else { return nil }
    lock.withLock { if finishedAfter != nil { memberCache[name] = value } }
    return value
  }

  /// `job 64a1b2c3d4e5f6a7b8c9d0e1 importExternalCourses completed 9998 ok 2 failed 3.2s`.
  public var line: String {
    let status = self.status
    if !parts.isEmpty {
      let tally = (counts.map { "\($0.value) \($0.key)" } + parts.map { "\($0.job.succeeded) \($0.name)" })
      let sentAny = parts.contains { !$0.job.handles.isEmpty }
      var text = (sentAny ? "job \(id) " : "") + "\(type) \(status): " + tally.joined(separator: ", ")
      if status == "completed" || status == "error" {
        text += ", \(failed) failed"
        if let elapsed { text += " " + DurationValue.format(elapsed) }
      }
      return text
    }
    var text = "job \(id) \(type) \(status)"
    if status == "completed" || status == "error" {
      text += " \(succeeded) ok \(failed) failed"
      if let elapsed { text += " " + DurationValue.format(elapsed) }
    } else {
      // A job re-attached by id before it ended does not know its item count yet: say nothing rather than "0".
      if submittedHere || total > 0 { text += " " + plural(total, "item") }
      if handles.count > 1 { text += " in \(handles.count) chunks" }
    }
    return text
  }
}
