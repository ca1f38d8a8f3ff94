import Foundation
import L360Client
import L360JSON
import L360Schema
import OrderedCollections

#if canImport(Glibc)
  import Glibc
#endif

/// Where the items of a bulk statement given as a list came from, to name each one in errors.
struct ItemOrigin {
  var file: String?
  var lines: [Int]?

  /// The line of item `index`, or the index itself when there are no lines.
  func position(_ index: Int) -> Int { lines.map { $0.indices.contains(index) ? $0[index] : index } ?? index }

  func describe(position: Int) -> String { SourceMap.describe(position, file: file, lines: lines != nil) }
}

/// What a bulk statement is about to send: how many valid items, where they come from, and a fingerprint of the
/// input so a resumed run can tell it is the same.
struct BulkInput {
  var name: String
  /// The input file's absolute path (nil for a list).
  var path: String?
  var fingerprint: String
  var valid: Int
  var sources: SourceMap
  /// The valid items at the given submission positions, read again: an operation that ends in error leaves items
  /// without a result, and they are reported (and saved by `save $job.errors`) with their input.
  var recover: ItemRecovery
}

/// Reads valid items back by their position in submission order.
typealias ItemRecovery = @Sendable (_ positions: Range<Int>) throws -> [JSONValue]

/// What pass 1 does with one item of a file.
enum ItemSelection: Sendable {
  /// Check it and send it.
  case send
  /// Neither check nor send it.
  case leave
  /// Count it invalid, with this problem.
  case refuse(String)
}

/// Decides for each record of a file, by its ordinal, whether it is sent.
typealias ItemSelector = (_ record: ItemStream.Record, _ ordinal: Int) -> ItemSelection

/// Told, once a chunk is awaited, the submission positions it held and which of them succeeded; `inputs` reads the
/// chunk's items back when the observer needs them.
typealias ChunkObserver =
  @Sendable (
    _ positions: Range<Int>, _ succeeded: [Bool], _ inputs: () -> [JSONValue]
  ) -> Void

/// One bulk call's worth of valid items, as the request body that carries them.
struct Chunk {
  /// `{"input":[...]}`.
  private(set) var body: [UInt8] = Array(#"{"input":["#.utf8)
  private(set) var count = 0
  /// The position (line or index) of each item.
  private(set) var positions: [Int] = []
  /// The first item, for a dry run's description.
  private(set) var first: JSONValue?
  private var closed = false

  /// An empty chunk; `bytes` and `items` reserve room for what the previous chunk held (a 10,000-item body grown
  /// step by step is copied again at each step).
  init(reservingBytes bytes: Int = 0, items: Int = 0) {
    body.reserveCapacity(bytes)
    positions.reserveCapacity(items)
  }

  /// Adds an item given as a value.
  mutating func append(_ item: JSONValue, at position: Int) {
    separate(position)
    if first == nil { first = item }
    JSONWriter.appendCompact(item, to: &body)
  }

  /// Adds an item given as JSON text that already parsed and validated: copied as is (a JSON Lines line is compact
  /// already, as a rule), or without its whitespace (an element of a JSON file, often indented).
  mutating func append(json: [UInt8], at position: Int, minify: Bool) {
    separate(position)
    if first == nil { first = try? JSONParser.parse(bytes: json) }
    if minify { JSONMinifier.append(json, to: &body) } else { body.append(contentsOf: json) }
  }

  private mutating func separate(_ position: Int) {
    if count > 0 { body.append(UInt8(ascii: ",")) }
    count += 1
    positions.append(position)
  }

  /// The chunk with its body closed, or nil when it holds no item.
  consuming func finished() -> Chunk? {
    guard count > 0 else { return nil }
    var done = self
    done.body.append(contentsOf: "]}".utf8)
    return done
  }
}

/// The next chunk of at most `size` valid items, or nil when none are left.
typealias NextChunk = (_ size: Int) throws -> Chunk?

/// Sends a bulk statement's items: validates them all, applies the guardrails, cuts them into chunks, journals
/// and submits each chunk, and returns one job for them all.
///
/// The one owner of bulk submission; the interpreter keeps one, so each statement run has its own journal.
final class BulkSubmitter: @unchecked Sendable {
  /// How many times each bulk statement (with the same input) has run, so each run has its own journal.
  private var journalOccurrences: [String: Int] = [:]

  /// A list of items (from an expression or a migration): validated, guarded, then sent in chunks.
  func submit(_ kind: BulkKind, _ items: [JSONValue], _ origin: ItemOrigin, _ context: CommandContext)
    async throws -> Value
  {
    let items = items.map(kind.normalized)
    var validation = BulkValidation(kind: kind)
    let skipped = try SkippedItems(context.options, context)
    var hasher = FingerprintHasher()
    var bytes: [UInt8] = []
    for (i, item) in items.enumerated() {
      if !validation.check(item, at: origin.position(i), describe: origin.describe) { try skipped?.write(item) }
      bytes.removeAll(keepingCapacity: true)
      JSONWriter.appendCompact(item, to: &bytes)
      bytes.append(0x0A)
      hasher.combine(bytes)
    }
    try finishValidation(validation, skipped, context)
    try await authorize(kind, validation.valid, context)
    var ordinal = 0
    let invalid = validation.invalidOrdinals
    let input = BulkInput(
      name: origin.file ?? "a list", path: nil, fingerprint: hasher.hex, valid: validation.valid,
      sources: SourceMap(file: origin.file, lines: origin.lines != nil),
      recover: { positions in
        Array(
          items.indices.lazy.filter { !invalid.contains($0) }.map { items[$0] }.dropFirst(positions.lowerBound)
            .prefix(positions.count))
      })
    return try await sendChunks(kind, input, context) { size in
      var chunk = Chunk()
      while chunk.count < size && ordinal < items.count {
        defer { ordinal += 1 }
        if validation.invalidOrdinals.contains(ordinal) { continue }
        chunk.append(items[ordinal], at: origin.position(ordinal))
      }
      return chunk.finished()
    }
  }

  /// Destructive kinds ask once for the whole statement, before the first chunk (see
  /// ``CommandContext/authorizeDestructive(count:what:)``).
  private func authorize(_ kind: BulkKind, _ count: Int, _ context: CommandContext) async throws {
    if kind.isDestructive { try await context.authorizeDestructive(count: count, what: kind.operationName) }
  }

  /// `from FILE`: a first streaming pass validates every item (nothing is sent if one is invalid), a second pass
  /// cuts the valid ones into chunks and sends them; memory holds one chunk, not the file.
  ///
  /// `journal` names an existing journal to resume, with the chunk size it was written with (`resume`). `select`
  /// decides, in the same pass, which items are sent: one it leaves out is neither checked nor sent (a sync's
  /// unchanged item), and when it leaves out every item, nothing is sent and the job is empty. `validated` is told
  /// the ordinals of the invalid items once every item was checked, before anything is sent; it may refuse to go
  /// on (a sync asks there about the archives that will follow, so that a "no" leaves everything unsent).
  func submitFile(
    _ kind: BulkKind, name: String, path: String, range: SourceRange, _ context: CommandContext,
    journal: String? = nil, chunkSize: Int? = nil, select: ItemSelector? = nil,
    validated: ((_ invalid: Set<Int>) async throws -> Void)? = nil
  ) async throws -> Value {
    // Archives accept bare external ids; other kinds send their items as written.
    let transform: (@Sendable (JSONValue) -> JSONValue)? =
      if case .archiveCourses = kind { { kind.normalized($0) } } else { nil }
    // Before the first chunk leaves, a file that cannot be read is a bad input like an invalid item (exit 2,
    // nothing sent); once chunks were sent, it is a runtime failure (exit 1).
    func located(_ error: ReadError, beforeSending: Bool = true) -> ScriptError {
      beforeSending
        ? ScriptError("\(error.description); nothing was sent", kind: .usage, source: context.source, range: range)
        : ScriptError(error.description, kind: .runtime, source: context.source, range: range)
    }
    let describe = { (line: Int) in "\(name):\(line)" }

    // Pass 1: every item parsed and validated (in parallel batches), nothing sent.
    // Items are rarely under 200 bytes: the file's size bounds their number well enough to size the tables.
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    var validation = BulkValidation(kind: kind, expectedItems: min(size / 200, 4_000_000))
    let skipped = try SkippedItems(context.options, context)
    let fingerprint: String
    let unchanged: FileStamp
    var unsent = Set<Int>()
    // Items left out change what is sent, so they are part of the input a resumed run must find unchanged; they
    // come in file order, so they are hashed as they come.
    var left = FingerprintHasher()
    var kept: [(ordinal: Int, record: ItemStream.Record)]? = select != nil ? [] : nil
    var keptBytes = 0
    do {
      let first = try ItemStream(path: path, name: name, schema: kind.itemSchema)
      unchanged = FileStamp(path: path)
      var batch: [ItemStream.Record] = []
      batch.reserveCapacity(Self.batchSize)
      // What `select` said of the batch's items that are not simply sent, by their index in the batch.
      var decided: [Int: ItemSelection] = [:]
      var ordinal = 0
      let clock = ContinuousClock()
      let validationStart = clock.now
      func flush() throws {
        defer {
          let elapsed = clock.now - validationStart
          if elapsed >= context.options.phaseNoticeAfter {
            let rate = Int(Double(validation.checked) / max(elapsed / .seconds(1), 0.001))
            context.host.activity(
              "\(kind.operationName): checking \(name): \(validation.checked) items (\(rate)/s)", phase: "checking",
              always: false)
          }
        }
        let checked = decided.isEmpty ? batch : batch.indices.filter { decided[$0] == nil }.map { batch[$0] }
        var outcomes = Self.inspect(checked, validation, name: name, transform: transform).makeIterator()
        for (index, record) in batch.enumerated() {
          switch decided[index] {
          case .leave?:
            validation.pass()
            continue
          case .refuse(let problem)?:
            if !validation.record(.init(problems: [problem], externalId: nil), at: record.line, describe: describe) {
              try skipped?.write(ItemStream.parse(record, name: name))
            }
            continue
          case .send?, nil: break
          }
          guard let outcome = outcomes.next() else { break }
          let (value, finding) = try outcome.get()
          if !validation.record(finding, at: record.line, describe: describe) {
            try skipped?.write(value ?? ItemStream.parse(record, name: name))
          }
        }
        batch.removeAll(keepingCapacity: true)
        decided.removeAll(keepingCapacity: true)
      }
      while let record = try first.nextRecord() {
        switch select?(record, ordinal) {
        case .leave?:
          decided[batch.count] = .leave
          unsent.insert(ordinal)
          withUnsafeBytes(of: UInt64(ordinal).littleEndian) { left.combine($0.bindMemory(to: UInt8.self)) }
        case .refuse(let problem)?: decided[batch.count] = .refuse(problem)
        case .send?:
          // A selection sends few of the file's items, as a rule: keep them, so sending need not read it again.
          if kept != nil {
            kept?.append((ordinal, record))
            keptBytes += record.bytes?.count ?? 256
            if keptBytes > Self.keptBytesLimit { kept = nil }
          }
        case nil: break
        }
        ordinal += 1
        batch.append(record)
        if batch.count == Self.batchSize {
          try flush()
          try Task.checkCancellation()
        }
      }
      try flush()
      fingerprint =
        String(first.fingerprint, radix: 16) + "-" + String(first.bytesRead)
        + (unsent.isEmpty ? "" : "-" + left.hex)
    } catch let error as ReadError { throw located(error) }
    try finishValidation(validation, skipped, context)
    let invalid = validation.invalidOrdinals
    try await validated?(invalid)
    let skip = invalid.union(unsent)
    let toSend = validation.valid - unsent.subtracting(invalid).count
    if toSend == 0, select != nil {
      return .job(Job(type: kind.operationType, total: 0, handles: [], dryRun: context.options.dryRun))
    }
    try await authorize(kind, toSend, context)

    // Pass 2: the valid items cut into chunks; text items are sent as written (minus whitespace), not re-encoded.
    // Items pass 1 kept come from memory; otherwise the file is read again.
    let nextRecord: () throws(ReadError) -> (Int, ItemStream.Record)?
    if let kept {
      var iterator = kept.makeIterator()
      nextRecord = { iterator.next().map { ($0.ordinal, $0.record) } }
    } else {
      let second: ItemStream
      do { second = try ItemStream(path: path, name: name, schema: kind.itemSchema) } catch { throw located(error) }
      var ordinal = 0
      nextRecord = { () throws(ReadError) in
        guard let record = try second.nextRecord() else { return nil }
        defer { ordinal += 1 }
        return (ordinal, record)
      }
    }
    var chunksCut = 0
    var previousBodySize = 0
    let schema = kind.itemSchema
    let input = BulkInput(
      name: name, path: path, fingerprint: fingerprint, valid: toSend,
      sources: SourceMap(file: name, lines: true),
      recover: { positions in
        let again = try ItemStream(path: path, name: name, schema: schema)
        var ordinal = 0
        var position = 0
        var found: [JSONValue] = []
        while position < positions.upperBound, let record = try again.nextRecord() {
          defer { ordinal += 1 }
          if skip.contains(ordinal) { continue }
          if positions.contains(position) {
            let value = try ItemStream.parse(record, name: name)
            found.append(transform?(value) ?? value)
          }
          position += 1
        }
        return found
      })
    return try await sendChunks(kind, input, context, journal: journal, chunkSize: chunkSize) { size in
      guard FileStamp(path: path) == unchanged else {
        throw ScriptError(
          "\(name) changed while it was being sent; the chunks already accepted keep running. Run the statement again",
          kind: .runtime, source: context.source, range: range)
      }
      var chunk = Chunk(reservingBytes: previousBodySize + previousBodySize / 8, items: size)
      do {
        while chunk.count < size, let (ordinal, record) = try nextRecord() {
          if skip.contains(ordinal) { continue }
          if transform == nil, let bytes = record.bytes {
            chunk.append(json: bytes, at: record.line, minify: record.isElement)
          } else {
            let value = try ItemStream.parse(record, name: name)
            chunk.append(transform?(value) ?? value, at: record.line)
          }
        }
      } catch let error as ReadError { throw located(error, beforeSending: chunksCut == 0) }
      chunksCut += 1
      previousBodySize = chunk.body.count
      return chunk.finished()
    }
  }

  /// How many bytes of selected items pass 1 keeps for sending; past it, sending reads the file again.
  static let keptBytesLimit = 64 << 20

  /// Items parsed and checked per batch of pass 1; the batch is split across the cores.
  static let batchSize = 4096

  /// Schema-checks a batch of records on every core; results in the batch's order.
  ///
  /// A plainly valid item is recognized from its text and has no value; the others are parsed, for the validator's
  /// located messages and for `--skip-invalid`'s file.
  static func inspect(
    _ batch: [ItemStream.Record], _ validation: BulkValidation, name: String,
    transform: (@Sendable (JSONValue) -> JSONValue)?
  ) -> [Result<(JSONValue?, BulkValidation.Finding), ReadError>] {
    let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, batch.count / 256))
    let results = UnsafeResults<Result<(JSONValue?, BulkValidation.Finding), ReadError>>(count: batch.count)
    DispatchQueue.concurrentPerform(iterations: slices) { slice in
      let lower = batch.count * slice / slices
      let upper = batch.count * (slice + 1) / slices
      for i in lower..<upper {
        results.set(
          i,
          Result { () throws(ReadError) in
            if transform == nil, let bytes = batch[i].bytes, let finding = validation.quickFinding(bytes) {
              return (nil, finding)
            }
            var value = try ItemStream.parse(batch[i], name: name)
            if let transform { value = transform(value) }
            return (value, validation.inspect(value))
          })
      }
    }
    return results.values
  }

  /// Throws when any item was invalid (unless `--skip-invalid` wrote them aside), or when none is left to send.
  private func finishValidation(_ validation: BulkValidation, _ skipped: SkippedItems?, _ context: CommandContext)
    throws
  {
    let kind = validation.kind
    let invalid = validation.invalid
    if invalid > 0, let skipped {
      do { try skipped.close() } catch { throw context.fail("\(error)") }
      let written = context.options.dryRun ? "a real run writes them to" : "written to"
      context.host.note(
        "\(kind.operationName): skipped \(plural(invalid, "invalid item")) (\(written) \(skipped.name)):\n"
          + validation.problems.map { "  \($0)" }.joined(separator: "\n"))
    } else if invalid > 0 {
      let total = validation.checked
      throw ScriptError(
        "\(kind.operationName): \(invalid) of \(total) item\(total == 1 ? " is" : "s are") invalid; nothing was sent",
        kind: .usage, source: context.source, range: context.range, notes: validation.report)
    }
    guard validation.valid > 0 else { throw context.fail("\(kind.operationName): there are no valid items to send") }
  }

  /// Validates items the way a bulk statement does, without sending (a migration's dry check).
  func validate(_ kind: BulkKind, _ items: [JSONValue], _ origin: ItemOrigin, _ context: CommandContext)
    throws
  {
    var validation = BulkValidation(kind: kind)
    for (i, item) in items.enumerated() {
      _ = validation.check(item, at: origin.position(i), describe: origin.describe)
    }
    if validation.invalid > 0 {
      throw ScriptError(
        "\(kind.operationName): \(validation.invalid) of \(items.count) item\(items.count == 1 ? " is" : "s are") invalid; nothing was sent",
        kind: .usage, source: context.source, range: context.range, notes: validation.report)
    }
  }

  /// Cuts the valid items into chunks and submits each, journaling every step; returns one job for them all.
  ///
  /// Chunks hold the endpoint's maximum, or `chunk-size`. With `--resume`, chunks the journal shows accepted are re-attached.
  private func sendChunks(
    _ kind: BulkKind, _ input: BulkInput, _ context: CommandContext, journal journalPath: String? = nil,
    chunkSize: Int? = nil, next: NextChunk
  ) async throws -> Value {
    let options = context.options
    let size = min(chunkSize ?? options.chunkSize ?? kind.maxItems, kind.maxItems)
    let chunkCount = (input.valid + size - 1) / size
    let client = try await context.client()
    if options.dryRun {
      // The plan of the whole statement, not one line per chunk: the request it starts with, and how many follow.
      try await client.authenticate()
      let first = try next(1)?.first.map(JSONWriter.compact) ?? ""
      let calls = chunkCount == 1 ? "1 call" : "\(chunkCount) calls of up to \(size)"
      let base = client.configuration.server.baseURL.absoluteString
      context.narrate(
        "dry-run: would send \(kind.method) \(base)\(kind.path) with \(plural(input.valid, "item")) (\(calls)); first item: \(first)"
      )
      if let directory = options.journalDirectory {
        context.narrate("dry-run: a real run journals its chunks in \(directory)")
      }
      return .job(Job(type: kind.operationType, total: input.valid, handles: [], dryRun: true))
    }
    let journal = try openJournal(kind, input, size: size, chunks: chunkCount, context, existing: journalPath)
    // Operation ids mean something only on the server that issued them: re-attaching elsewhere would fail chunk by
    // chunk with bulkOperationNotFound, or worse, find someone else's operation.
    let server = client.configuration.server
    if let journal, let foreign = journal.accepted.values.first(where: { !server.isSameOrigin($0.location) }) {
      throw context.fail(
        "the journal \(journal.path) was written against \(Self.origin(foreign.location)), but l360 is connected to \(Self.origin(server.baseURL)), where its operations do not exist; resume against the same server (the embedded sandbox is new in every run: 'l360 sandbox' keeps one running); nothing was sent"
      )
    }
    var sources = input.sources
    var handles: [BulkJobHandle] = []
    for index in 0..<chunkCount {
      try Task.checkCancellation()
      guard let chunk = try next(size) else { break }
      for position in chunk.positions { sources.append(position) }
      if let accepted = journal?.accepted[index] {
        let handle = BulkJobHandle(
          id: accepted.operationId, location: accepted.location, type: kind.operationType, itemCount: chunk.count)
        if journal?.finished.contains(index) != true { await client.adopt(handle) }
        handles.append(handle)
        continue
      }
      if let journal, let sentAt = journal.unsettled[index] {
        // Sent before without an answer: the server may have it. Found, it is re-attached; not found, sent now.
        if let found = try await reconcile(chunk: index, of: chunkCount, sentAt: sentAt, chunk, kind, journal, context)
        {
          await client.adopt(found)
          handles.append(found)
          continue
        }
      }
      var accepted: BulkJobHandle?
      if chunkCount > 1 {
        context.host.activity(
          "\(kind.operationName): sending chunk \(index + 1) of \(chunkCount) (\(plural(chunk.count, "item")))",
          phase: "sending", always: false)
      }
      do {
        let handle = try await client.submit(kind, validatedBody: chunk.body, itemCount: chunk.count) { body in
          var hasher = FingerprintHasher()
          hasher.combine(body)
          try journal?.sending(chunk: index, items: chunk.count, hash: hasher.hex)
        }
        accepted = handle
        handles.append(handle)
        try journal?.accepted(chunk: index, handle)
      } catch {
        let failure = Interpreter.scriptError(error, context.source, context.range)
        // A chunk the server took (its 202 arrived) is not a failure, even when its journal line could not be written.
        if accepted == nil {
          journal?.failed(chunk: index, message: failure.message, certain: Self.certainlyNotSent(error, kind))
        }
        // Retries ran out (the network or the server failed): running again with --resume sends what is left. An
        // answer such as 404 integrationNotFound would come back the same, so that hint is kept for the first kind.
        let retriesRanOut: Bool
        switch error {
        case is ConnectionError: retriesRanOut = true
        case let error as APIError: retriesRanOut = error.status >= 500 || error.status == 429
        default: retriesRanOut = false
        }
        guard !handles.isEmpty || (journal != nil && retriesRanOut) else { throw error }
        // Chunks already accepted keep running on the server: say which, and how to go on, so nothing is lost.
        var notes = handles.map {
          "operation \($0.id) (\(plural($0.itemCount, "item"))): 'jobs get \($0.id)' to follow it"
        }
        let interrupted = failure.kind == .interrupted
        if let journal, retriesRanOut || interrupted {
          notes.append("run the script again with --resume to send the remaining chunks (journal: \(journal.path))")
        }
        // An interrupt during a request is not a failure: the server may have taken the chunk, and --resume looks.
        let what =
          interrupted && accepted == nil
          ? "was interrupted before its answer came (the server may have it: --resume looks for it before sending it again)"
          : "failed (\(failure.message))"
        throw ScriptError(
          "\(kind.operationName): chunk \(index + 1) of \(chunkCount) \(what); \(handles.count) chunk\(handles.count == 1 ? " was" : "s were") submitted",
          kind: failure.kind, source: context.source, range: context.range, notes: notes)
      }
    }
    return .job(
      Job(
        type: kind.operationType, total: input.valid, handles: handles, dryRun: false, sources: sources,
        journal: journal, recover: input.recover))
  }

  /// True when the server certainly did not take a chunk: the submission itself was refused, or the journal failed
  /// before the request left. A lost connection, an interrupt, or a failed look on the server after a lost answer
  /// (an error of `jobs list` or `jobs get`, not of the submission) leaves the outcome unknown.
  static func certainlyNotSent(_ error: any Error, _ kind: BulkKind) -> Bool {
    switch error {
    case let error as APIError: error.status < 500 && error.operation == kind.operationName
    case is JournalError, is InputValidationError: true
    default: false
    }
  }

  /// Looks on the server for a chunk an earlier run sent without getting its answer; journals what it found.
  private func reconcile(
    chunk index: Int, of count: Int, sentAt: Date, _ chunk: Chunk, _ kind: BulkKind, _ journal: BulkJournal,
    _ context: CommandContext
  ) async throws -> BulkJobHandle? {
    let client = try await context.client()
    context.host.note(
      "chunk \(index + 1) of \(count) was sent by an earlier run without an answer; looking for it on the server")
    let known = Set(journal.accepted.values.map(\.operationId))
    let items = (try? JSONParser.parse(bytes: chunk.body)["input"]?.arrayValue) ?? []
    guard let found = try await client.findSubmission(kind, items: items, sentAfter: sentAt, excluding: known) else {
      try journal.notFound(chunk: index)
      context.host.note("chunk \(index + 1) never reached the server; sending it")
      return nil
    }
    try journal.accepted(chunk: index, found, found: true)
    context.host.note("chunk \(index + 1) was accepted before as operation \(found.id); re-attached, not sent again")
    return found
  }

  /// `scheme://host[:port]` of a URL, to name a server in messages and sync states.
  static func origin(_ url: URL) -> String {
    "\(url.scheme ?? "https")://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")"
  }

  /// The statement's journal, or nil when journaling is off (`Options.journalDirectory`).
  private func openJournal(
    _ kind: BulkKind, _ input: BulkInput, size: Int, chunks: Int, _ context: CommandContext, existing: String?
  ) throws -> BulkJournal? {
    let options = context.options
    let header = BulkJournal.Header(
      operation: "\(kind.method) \(kind.path)", input: input.name, inputPath: input.path,
      fingerprint: input.fingerprint, items: input.valid, chunkSize: size, chunks: chunks)
    if let existing {
      let url = URL(fileURLWithPath: existing)
      do {
        return try BulkJournal(
          directory: url.deletingLastPathComponent().path, key: url.deletingPathExtension().lastPathComponent,
          header: header, statement: "", resume: true, note: context.host.note)
      } catch { throw Self.journalFailure(error, context) }
    }
    guard let directory = options.journalDirectory else { return nil }
    let statement = context.source.text(context.range.start..<context.range.end)
    // The same statement with the same input may run more than once (a loop): each run has its own journal.
    var hasher = FingerprintHasher()
    hasher.combine(Array("\(statement)\n\(header.operation)\n\(input.fingerprint)\n\(size)".utf8))
    let occurrence = journalOccurrences[hasher.hex, default: 0]
    journalOccurrences[hasher.hex] = occurrence + 1
    hasher.combine(Array("\n\(occurrence)".utf8))
    let script = context.source.path.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
    let key = "\(script ?? "session")-\(kind.operationType)-\(hasher.hex)"
    do {
      return try BulkJournal(
        directory: directory, key: key, header: header, statement: statement, resume: options.resume,
        note: context.host.note)
    } catch {
      throw Self.journalFailure(error, context)
    }
  }

  /// A journal that cannot be opened stops the statement before anything is sent: a failure of the run (exit 1),
  /// not of the script's wording.
  private static func journalFailure(_ error: JournalError, _ context: CommandContext) -> ScriptError {
    ScriptError("\(error); nothing was sent", kind: .runtime, source: context.source, range: context.range)
  }
}

/// `--skip-invalid FILE`: invalid items written as JSON Lines as they are found; the file is created only when
/// there is one, and never in a dry run.
final class SkippedItems {
  let name: String
  private let path: String
  private let dryRun: Bool
  private var descriptor: Int32?
  private var buffer: [UInt8] = []

  init?(_ options: Options, _ context: CommandContext) throws {
    guard let name = options.skipInvalid else { return nil }
    self.name = name
    dryRun = options.dryRun
    path = context.resolvePath(name)
  }

  func write(_ item: JSONValue) throws {
    guard !dryRun else { return }
    JSONWriter.appendCompact(item, to: &buffer)
    buffer.append(0x0A)
    if buffer.count > 1 << 20 { try flush() }
  }

  private func flush() throws {
    guard !dryRun else { return }
    do throws(WriteError) {
      let descriptor: Int32
      if let open = self.descriptor { descriptor = open } else { descriptor = try AtomicFile.openForWriting(path) }
      self.descriptor = descriptor
      do throws(FileDescriptorWriter.Failure) { try FileDescriptorWriter.writeAll(buffer, to: descriptor) } catch {
        throw WriteError(path: path, code: error.code)
      }
    } catch {
      throw ReadError("--skip-invalid: cannot write \(name): \(error.reason)")
    }
    buffer.removeAll(keepingCapacity: true)
  }

  func close() throws {
    try flush()
    if let descriptor {
      let failed = fsync(descriptor) != 0
      let code = errno
      _ = Foundation.close(descriptor)
      self.descriptor = nil
      if failed {
        throw ReadError("--skip-invalid: cannot write \(name): \(WriteError(path: path, code: code).reason)")
      }
    }
  }
}

/// A file's size and modification time: pass 2 refuses to go on when they change after pass 1 validated the file.
struct FileStamp: Equatable {
  var size: Int64 = -1
  var modified: Int = -1
  var modifiedNanoseconds: Int = -1

  init(path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return }
    size = Int64(info.st_size)
    modified = info.st_mtim.tv_sec
    modifiedNanoseconds = info.st_mtim.tv_nsec
  }
}

/// Slots written by concurrent workers, each slot by exactly one of them, read after they all finished.
final class UnsafeResults<T>: @unchecked Sendable {
  private let storage: UnsafeMutableBufferPointer<T?>

  init(count: Int) {
    storage = .allocate(capacity: count)
    storage.initialize(repeating: nil)
  }

  deinit {
    storage.deinitialize()
    storage.deallocate()
  }

  func set(_ index: Int, _ value: T) { storage[index] = value }

  var values: [T] { storage.map { $0! } }
}
