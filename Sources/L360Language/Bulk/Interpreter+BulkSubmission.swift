import Foundation
import L360Client
import L360JSON
import L360Schema
import OrderedCollections

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
}

/// The next chunk of valid items (at most `size`) with each item's position, or nil when none are left.
typealias NextChunk = (_ size: Int) throws -> (items: [JSONValue], positions: [Int])?

extension Interpreter {
  /// A list of items (from an expression or a migration): validated, guarded, then sent in chunks.
  func submitBulk(_ kind: BulkKind, _ items: [JSONValue], _ origin: ItemOrigin, _ invocation: CommandInvocation)
    async throws -> Value
  {
    var validation = BulkValidation(kind: kind)
    let skipped = try SkippedItems(options.skipInvalid, self, invocation)
    var hasher = FingerprintHasher()
    var bytes: [UInt8] = []
    for (i, item) in items.enumerated() {
      if !validation.check(item, at: origin.position(i), describe: origin.describe) { try skipped?.write(item) }
      bytes.removeAll(keepingCapacity: true)
      JSONWriter.appendCompact(item, to: &bytes)
      bytes.append(0x0A)
      hasher.combine(bytes)
    }
    try finishValidation(validation, skipped, invocation)
    try await guardRemoval(kind, validation.valid, invocation)
    var ordinal = 0
    let input = BulkInput(
      name: origin.file ?? "a list", path: nil, fingerprint: hasher.hex, valid: validation.valid,
      sources: SourceMap(file: origin.file, lines: origin.lines != nil))
    return try await sendChunks(kind, input, invocation) { size in
      var chunk: [JSONValue] = []
      var positions: [Int] = []
      while chunk.count < size && ordinal < items.count {
        defer { ordinal += 1 }
        if validation.invalidOrdinals.contains(ordinal) { continue }
        chunk.append(items[ordinal])
        positions.append(origin.position(ordinal))
      }
      return chunk.isEmpty ? nil : (chunk, positions)
    }
  }

  /// `from FILE`: a first streaming pass validates every item (nothing is sent if one is invalid), a second pass
  /// cuts the valid ones into chunks and sends them; memory holds one chunk, not the file.
  func submitBulkFile(
    _ kind: BulkKind, _ argument: CommandArgument, _ invocation: CommandInvocation,
    transform: @escaping (JSONValue) -> JSONValue = { $0 }
  ) async throws -> Value {
    let name = try await string(argument, invocation, what: "the file")
    let path = resolvePath(name, relativeTo: invocation.source)
    return try await submitBulkFile(
      kind, name: name, path: path, range: argument.value.range, invocation, transform: transform)
  }

  /// `from FILE` once the file is known; `journal` names an existing journal to resume (`resume` at the prompt).
  func submitBulkFile(
    _ kind: BulkKind, name: String, path: String, range: SourceRange, _ invocation: CommandInvocation,
    transform: @escaping (JSONValue) -> JSONValue, journal: String? = nil
  ) async throws -> Value {
    func located(_ error: ReadError) -> ScriptError {
      ScriptError(error.description, kind: .runtime, source: invocation.source, range: range)
    }
    let describe = { (line: Int) in "\(name):\(line)" }

    var validation = BulkValidation(kind: kind)
    let skipped = try SkippedItems(options.skipInvalid, self, invocation)
    let fingerprint: String
    do {
      let first = try ItemStream(path: path, name: name, schema: kind.itemSchema)
      while let item = try first.next() {
        let value = transform(item.value)
        if !validation.check(value, at: item.line, describe: describe) { try skipped?.write(value) }
        if validation.checked % 8192 == 0 { try Task.checkCancellation() }
      }
      fingerprint = String(first.fingerprint, radix: 16) + "-" + String(first.bytesRead)
    } catch let error as ReadError { throw located(error) }
    try finishValidation(validation, skipped, invocation)
    try await guardRemoval(kind, validation.valid, invocation)

    let second: ItemStream
    do { second = try ItemStream(path: path, name: name, schema: kind.itemSchema) } catch { throw located(error) }
    var ordinal = 0
    let input = BulkInput(
      name: name, path: path, fingerprint: fingerprint, valid: validation.valid,
      sources: SourceMap(file: name, lines: true))
    let job = try await sendChunks(kind, input, invocation, journal: journal) { size in
      var chunk: [JSONValue] = []
      var positions: [Int] = []
      do {
        while chunk.count < size, let item = try second.next() {
          defer { ordinal += 1 }
          if validation.invalidOrdinals.contains(ordinal) { continue }
          chunk.append(transform(item.value))
          positions.append(item.line)
        }
      } catch let error as ReadError { throw located(error) }
      return chunk.isEmpty ? nil : (chunk, positions)
    }
    return job
  }

  /// Throws when any item was invalid (unless `--skip-invalid` wrote them aside), or when none is left to send.
  private func finishValidation(_ validation: BulkValidation, _ skipped: SkippedItems?, _ invocation: CommandInvocation)
    throws
  {
    let kind = validation.kind
    let invalid = validation.invalid
    if invalid > 0, let skipped {
      do { try skipped.close() } catch { throw invocation.fail("\(error)") }
      host.note(
        "\(kind.operationName): skipped \(invalid) invalid item\(invalid == 1 ? "" : "s") (written to \(skipped.name)):\n"
          + validation.problems.map { "  \($0)" }.joined(separator: "\n"))
    } else if invalid > 0 {
      let total = validation.checked
      throw ScriptError(
        "\(kind.operationName): \(invalid) of \(total) item\(total == 1 ? " is" : "s are") invalid; nothing was sent",
        kind: .usage, source: invocation.source, range: invocation.call.range, notes: validation.report)
    }
    guard validation.valid > 0 else { throw invocation.fail("\(kind.operationName): there are no valid items to send") }
  }

  /// Validates items the way a bulk statement does, without sending (a migration's dry check).
  func validateBulkItems(_ kind: BulkKind, _ items: [JSONValue], _ origin: ItemOrigin, _ invocation: CommandInvocation)
    throws
  {
    var validation = BulkValidation(kind: kind)
    for (i, item) in items.enumerated() {
      _ = validation.check(item, at: origin.position(i), describe: origin.describe)
    }
    if validation.invalid > 0 {
      throw ScriptError(
        "\(kind.operationName): \(validation.invalid) of \(items.count) item\(items.count == 1 ? " is" : "s are") invalid; nothing was sent",
        kind: .usage, source: invocation.source, range: invocation.call.range, notes: validation.report)
    }
  }

  /// Cuts the valid items into chunks and submits each, journaling every step; returns one job for them all.
  ///
  /// Chunks hold the endpoint's maximum, or `chunk-size`. With `--resume`, chunks the journal shows accepted are re-attached.
  func sendChunks(
    _ kind: BulkKind, _ input: BulkInput, _ invocation: CommandInvocation, journal journalPath: String? = nil,
    next: NextChunk
  ) async throws -> Value {
    let size = min(options.chunkSize ?? kind.maxItems, kind.maxItems)
    let chunkCount = (input.valid + size - 1) / size
    if options.dryRun {
      let first = try next(1)?.items.first.map(JSONWriter.compact) ?? ""
      let calls = chunkCount == 1 ? "1 call" : "\(chunkCount) calls of up to \(size)"
      try await dryRunNote(
        kind.method, kind.path,
        "with \(input.valid) item\(input.valid == 1 ? "" : "s") (\(calls)); first item: \(first)")
      return .job(Job(type: kind.operationType, total: input.valid, handles: [], dryRun: true))
    }
    let client = try await client()
    let journal = try openJournal(kind, input, size: size, chunks: chunkCount, invocation, existing: journalPath)
    var sources = input.sources
    var handles: [BulkJobHandle] = []
    for index in 0..<chunkCount {
      try Task.checkCancellation()
      guard let chunk = try next(size) else { break }
      for position in chunk.positions { sources.append(position) }
      if let accepted = journal?.accepted[index] {
        let handle = BulkJobHandle(
          id: accepted.operationId, location: accepted.location, type: kind.operationType,
          itemCount: chunk.items.count)
        if journal?.finished.contains(index) != true { await client.adopt(handle) }
        handles.append(handle)
        continue
      }
      do {
        let handle = try await client.submit(kind, items: chunk.items) { body in
          var hasher = FingerprintHasher()
          hasher.combine(body)
          try journal?.sending(chunk: index, items: chunk.items.count, hash: hasher.hex)
        }
        try journal?.accepted(chunk: index, handle)
        handles.append(handle)
      } catch {
        let failure = Self.scriptError(error, invocation.source, invocation.call.range)
        journal?.failed(chunk: index, message: failure.message)
        guard !handles.isEmpty || journal != nil else { throw error }
        // Chunks already accepted keep running on the server: say which, and how to go on, so nothing is lost.
        var notes = handles.map { "operation \($0.id) (\($0.itemCount) items): 'jobs get \($0.id)' to follow it" }
        if let journal {
          notes.append("run the script again with --resume to send the remaining chunks (journal: \(journal.path))")
        }
        throw ScriptError(
          "\(kind.operationName): chunk \(index + 1) of \(chunkCount) failed (\(failure.message)); \(handles.count) chunk\(handles.count == 1 ? " was" : "s were") submitted",
          kind: failure.kind, source: invocation.source, range: invocation.call.range, notes: notes)
      }
    }
    return .job(
      Job(
        type: kind.operationType, total: input.valid, handles: handles, dryRun: false, sources: sources,
        journal: journal))
  }

  /// The statement's journal, or nil when journaling is off (`Options.journalDirectory`).
  private func openJournal(
    _ kind: BulkKind, _ input: BulkInput, size: Int, chunks: Int, _ invocation: CommandInvocation, existing: String?
  ) throws -> BulkJournal? {
    let header = BulkJournal.Header(
      operation: "\(kind.method) \(kind.path)", input: input.name, inputPath: input.path,
      fingerprint: input.fingerprint, items: input.valid, chunkSize: size, chunks: chunks)
    if let existing {
      let url = URL(fileURLWithPath: existing)
      do {
        return try BulkJournal(
          directory: url.deletingLastPathComponent().path, key: url.deletingPathExtension().lastPathComponent,
          header: header, statement: "", resume: true, note: host.note)
      } catch { throw invocation.fail("\(error); nothing was sent") }
    }
    guard let directory = options.journalDirectory else { return nil }
    let statement = invocation.source.text(invocation.call.range.start..<invocation.call.range.end)
    // The same statement with the same input may run more than once (a loop): each run has its own journal.
    var hasher = FingerprintHasher()
    hasher.combine(Array("\(statement)\n\(header.operation)\n\(input.fingerprint)\n\(size)".utf8))
    let occurrence = journalOccurrences[hasher.hex, default: 0]
    journalOccurrences[hasher.hex] = occurrence + 1
    hasher.combine(Array("\n\(occurrence)".utf8))
    let script = invocation.source.path.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
    let key = "\(script ?? "session")-\(kind.operationType)-\(hasher.hex)"
    do {
      return try BulkJournal(
        directory: directory, key: key, header: header, statement: statement, resume: options.resume,
        note: host.note)
    } catch {
      throw invocation.fail("\(error); nothing was sent")
    }
  }
}

/// `--skip-invalid FILE`: invalid items written as JSON Lines as they are found; the file is created only when
/// there is one.
final class SkippedItems {
  let name: String
  private let path: String
  private var handle: FileHandle?
  private var buffer: [UInt8] = []

  init?(_ name: String?, _ interpreter: Interpreter, _ invocation: CommandInvocation) throws {
    guard let name else { return nil }
    self.name = name
    path = interpreter.resolvePath(name, relativeTo: invocation.source)
  }

  func write(_ item: JSONValue) throws {
    JSONWriter.appendCompact(item, to: &buffer)
    buffer.append(0x0A)
    if buffer.count > 1 << 20 { try flush() }
  }

  private func flush() throws {
    if handle == nil {
      guard FileManager.default.createFile(atPath: path, contents: nil),
        let opened = FileHandle(forWritingAtPath: path)
      else { throw ReadError("--skip-invalid: cannot write \(name)") }
      handle = opened
    }
    try handle?.write(contentsOf: buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  func close() throws {
    try flush()
    try handle?.close()
  }
}
