import Foundation
import L360Client
import L360JSON
import L360Schema
import OrderedCollections

/// Where the items of a bulk statement came from, to name each one in errors.
struct ItemOrigin {
  var file: String?
  var lines: [Int]?

  func describe(_ index: Int) -> String {
    if let file, let lines, lines.indices.contains(index) { return "\(file):\(lines[index])" }
    if let file { return "\(file): item \(index)" }
    return "item \(index)"
  }
}

extension Interpreter {
  /// Validates every item (all errors at once, located), chunks at the endpoint's maximum (or `chunk-size`), and submits each chunk; returns one job for them all.
  ///
  /// Nothing is sent when any item is invalid.
  func submitBulk(_ kind: BulkKind, _ items: [JSONValue], _ origin: ItemOrigin, _ invocation: CommandInvocation)
    async throws -> Value
  {
    let (valid, sources) = try await validateBulkItems(kind, items, origin, invocation)
    try await guardRemoval(kind, valid.count, invocation)
    return try await sendBulk(kind, valid, sources: sources, invocation)
  }

  /// Removals and archives: refuse more than `max-delete`, and on a real tenant ask first (at the prompt) or require `--yes` (in scripts).
  ///
  /// Nothing is sent when refused.
  func guardRemoval(_ kind: BulkKind, _ count: Int, _ invocation: CommandInvocation) async throws {
    let destructive: Bool
    switch kind {
    case .catalogRemove, .archiveCourses: destructive = true
    case .upsertCourses, .catalogAdd: destructive = false
    }
    guard destructive else { return }
    let limit = try await keyInt(invocation, "max-delete") ?? options.maxDelete
    if let limit, count > limit {
      throw ScriptError(
        "\(kind.operationName) would touch \(count) items, more than max-delete=\(limit); nothing was sent",
        kind: .usage,
        source: invocation.source, range: invocation.call.range)
    }
    guard !options.dryRun, !options.assumeYes else { return }
    _ = try await client()
    guard let connection, !connection.isSandbox else { return }
    let question =
      "\(kind.operationName) will touch \(count) item\(count == 1 ? "" : "s") on \(connection.name). Continue?"
    if await !host.confirm(question) {
      throw ScriptError(
        "\(kind.operationName) on \(connection.name) needs confirmation (\(count) items); nothing was sent. In a script, pass --yes",
        kind: .usage, source: invocation.source, range: invocation.call.range)
    }
  }

  /// Checks every item against the schema and for duplicate externalIds; all problems at once.
  ///
  /// Returns the items to send, with where each came from; with `--skip-invalid FILE` the invalid ones are written to
  /// FILE and left out, otherwise any invalid item stops everything.
  @discardableResult
  func validateBulkItems(_ kind: BulkKind, _ items: [JSONValue], _ origin: ItemOrigin, _ invocation: CommandInvocation)
    async throws -> (items: [JSONValue], sources: [String])
  {
    var problems: [String] = []
    var invalid = 0
    var validItems: [JSONValue] = []
    var validSources: [String] = []
    var invalidItems: [JSONValue] = []
    let validator = SchemaValidator(limit: 20)
    var firstSeen: [String: Int] = [:]
    for (i, item) in items.enumerated() {
      var itemProblems = validator.validate(item, against: kind.itemSchema).map(\.description)
      if case .upsertCourses = kind, let externalId = item["externalId"]?.stringValue {
        if let first = firstSeen[externalId] {
          itemProblems.append("/externalId: duplicate \"\(externalId)\" (first at \(origin.describe(first)))")
        } else {
          firstSeen[externalId] = i
        }
      }
      if itemProblems.isEmpty {
        validItems.append(item)
        validSources.append(origin.describe(i))
      } else {
        invalid += 1
        invalidItems.append(item)
      }
      for p in itemProblems where problems.count < 20 { problems.append("\(origin.describe(i)): \(p)") }
    }
    if invalid > 0, let skipFile = options.skipInvalid {
      let path = resolvePath(skipFile, relativeTo: invocation.source)
      var bytes: [UInt8] = []
      for item in invalidItems {
        JSONWriter.appendCompact(item, to: &bytes)
        bytes.append(0x0A)
      }
      guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        throw invocation.fail("--skip-invalid: cannot write \(skipFile)")
      }
      host.note(
        "\(kind.operationName): skipped \(invalid) invalid item\(invalid == 1 ? "" : "s") (written to \(skipFile)):\n"
          + problems.map { "  \($0)" }.joined(separator: "\n"))
    } else if invalid > 0 {
      if invalid > problems.count { problems.append("... \(invalid) invalid items in all") }
      throw ScriptError(
        "\(kind.operationName): \(invalid) of \(items.count) item\(items.count == 1 ? " is" : "s are") invalid; nothing was sent",
        kind: .usage, source: invocation.source, range: invocation.call.range, notes: problems)
    }
    guard !validItems.isEmpty else { throw invocation.fail("\(kind.operationName): there are no valid items to send") }
    return (validItems, validSources)
  }

  /// Chunks valid items and submits each chunk; returns one job for them all.
  func sendBulk(_ kind: BulkKind, _ items: [JSONValue], sources: [String], _ invocation: CommandInvocation) async throws
    -> Value
  {
    let size = min(options.chunkSize ?? kind.maxItems, kind.maxItems)
    let chunks = stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    if options.dryRun {
      let first = JSONWriter.compact(items[0])
      let calls = chunks.count == 1 ? "1 call" : "\(chunks.count) calls of up to \(size)"
      try await dryRunNote(
        kind.method, kind.path,
        "with \(items.count) item\(items.count == 1 ? "" : "s") (\(calls)); first item: \(first)")
      return .job(Job(type: kind.operationType, total: items.count, handles: [], dryRun: true))
    }
    let client = try await client()
    var handles: [BulkJobHandle] = []
    for (index, chunk) in chunks.enumerated() {
      do {
        handles.append(try await client.submit(kind, items: chunk))
      } catch  where !handles.isEmpty {
        // Chunks already accepted keep running on the server: say which, so nothing is lost.
        let failure = Self.scriptError(error, invocation.source, invocation.call.range)
        throw ScriptError(
          "\(kind.operationName): chunk \(index + 1) of \(chunks.count) failed (\(failure.message)); the first \(handles.count) were submitted",
          kind: failure.kind, source: invocation.source, range: invocation.call.range,
          notes: handles.map { "operation \($0.id) (\($0.itemCount) items): 'jobs get \($0.id)' to follow it" })
      }
    }
    return .job(Job(type: kind.operationType, total: items.count, handles: handles, sources: sources))
  }

  /// Reads the items of `from FILE`, typed by the item schema for CSV.
  func readItems(_ argument: CommandArgument, _ kind: BulkKind, _ invocation: CommandInvocation) async throws -> (
    [JSONValue], ItemOrigin
  ) {
    let name = try await string(argument, invocation, what: "the file")
    let path = resolvePath(name, relativeTo: invocation.source)
    do {
      let read = try ItemReader.bulkItems(try ItemReader.read(path: path, schema: kind.itemSchema), path: name)
      return (read.items, ItemOrigin(file: name, lines: read.lines))
    } catch let error as ReadError {
      throw ScriptError(error.description, kind: .runtime, source: invocation.source, range: argument.value.range)
    }
  }

  /// The items of an expression: a list (of objects, or of ids for archive).
  func listItems(_ argument: CommandArgument, _ invocation: CommandInvocation) async throws -> [JSONValue] {
    let v = try await value(argument, invocation.source)
    switch v {
    case .list(let l): return l.map(\.json)
    case .object: return [v.json]
    default: throw invocation.fail("expected a list of items, not a \(v.typeName)", argument.value.range)
    }
  }

  /// `courses upsert from FILE into INTEGRATION` or `courses upsert EXPRESSION into INTEGRATION`.
  func coursesUpsert(_ invocation: CommandInvocation) async throws -> Value {
    let p = invocation.positionals
    guard let into = invocation.index(ofWord: "into"), into == p.count - 2 else {
      throw invocation.fail("courses upsert needs 'into INTEGRATION' at the end")
    }
    let integrationId = try await id(p[into + 1], invocation, what: "the integration")
    let kind = BulkKind.upsertCourses(integrationId: integrationId)
    if invocation.isWord(0, "from") && into == 2 {
      let (items, origin) = try await readItems(p[1], kind, invocation)
      return try await submitBulk(kind, items, origin, invocation)
    }
    guard into == 1 else { throw invocation.fail("courses upsert takes 'from FILE' or one expression before 'into'") }
    return try await submitBulk(kind, try await listItems(p[0], invocation), ItemOrigin(), invocation)
  }

  /// `courses archive ID... from INTEGRATION` or `courses archive from FILE in INTEGRATION`.
  func coursesArchive(_ invocation: CommandInvocation) async throws -> Value {
    let p = invocation.positionals
    if invocation.isWord(0, "from"), p.count == 4, invocation.isWord(2, "in") {
      let integrationId = try await id(p[3], invocation, what: "the integration")
      let kind = BulkKind.archiveCourses(integrationId: integrationId)
      var (items, origin) = try await readItems(p[1], kind, invocation)
      items = items.map { item in item.stringValue.map { ["externalId": .string($0)] } ?? item }
      return try await submitBulk(kind, items, origin, invocation)
    }
    guard let from = invocation.index(ofWord: "from"), from == p.count - 2, from > 0 else {
      throw invocation.fail("courses archive needs external ids, then 'from INTEGRATION'")
    }
    let integrationId = try await id(p[from + 1], invocation, what: "the integration")
    var items: [JSONValue] = []
    for argument in p[..<from] {
      switch try await value(argument, invocation.source) {
      case .string(let s): items.append(["externalId": .string(s)])
      case .number(let n): items.append(["externalId": .string(n.text)])
      case .list(let l): items += l.map { $0.json.stringValue.map { ["externalId": .string($0)] } ?? $0.json }
      case let other:
        throw invocation.fail("an external id must be text, not a \(other.typeName)", argument.value.range)
      }
    }
    return try await submitBulk(.archiveCourses(integrationId: integrationId), items, ItemOrigin(), invocation)
  }

  /// `courses get EXTERNAL-ID in INTEGRATION`.
  func coursesGet(_ invocation: CommandInvocation) async throws -> Value {
    let p = invocation.positionals
    guard p.count == 3, invocation.isWord(1, "in") else {
      throw invocation.fail("courses get takes EXTERNAL-ID in INTEGRATION")
    }
    let externalId = try await string(p[0], invocation, what: "the external id")
    let integrationId = try await id(p[2], invocation, what: "the integration")
    if options.dryRun {
      try await dryRunNote("GET", "/api/v2/integrations/\(integrationId)/courses/\(externalId)", "")
      return .null
    }
    return Value(try await client().externalCourse(integrationId: integrationId, externalId: externalId))
  }

  /// `catalog remove|add course|path-session ID from|to GROUP`, `... from FILE`, `... EXPRESSION`.
  func catalogChange(_ invocation: CommandInvocation, add: Bool) async throws -> Value {
    let p = invocation.positionals
    let kind: BulkKind = add ? .catalogAdd : .catalogRemove
    if p.count == 4, invocation.isWord(0, "course") || invocation.isWord(0, "path-session"),
      invocation.isWord(2, "from") || invocation.isWord(2, "to") || invocation.isWord(2, "in")
    {
      let contentType = invocation.isWord(0, "course") ? "course" : "path-session"
      let contentId = try await id(p[1], invocation, what: "the content")
      let groupId = try await id(p[3], invocation, what: "the group")
      let item: JSONValue = [
        "groupId": .string(groupId), "contentType": .string(contentType), "contentId": .string(contentId),
      ]
      return try await submitBulk(kind, [item], ItemOrigin(), invocation)
    }
    if p.count == 2, invocation.isWord(0, "from") {
      let (items, origin) = try await readItems(p[1], kind, invocation)
      return try await submitBulk(kind, items, origin, invocation)
    }
    if p.count == 1 {
      return try await submitBulk(kind, try await listItems(p[0], invocation), ItemOrigin(), invocation)
    }
    if p.count >= 1, case .word(let w, let r) = p[0].value, w != "from" {
      throw invocation.fail("unknown content type '\(w)' (course or path-session)", r)
    }
    throw invocation.fail(
      "catalog \(add ? "add" : "remove") takes 'course|path-session ID \(add ? "to" : "from") GROUP', 'from FILE' or a list"
    )
  }

  /// `catalog list course|path-session in GROUP`.
  func catalogList(_ invocation: CommandInvocation) async throws -> Value {
    let p = invocation.positionals
    guard p.count == 3, invocation.isWord(0, "course") || invocation.isWord(0, "path-session"),
      invocation.isWord(1, "in")
    else { throw invocation.fail("catalog list takes course|path-session in GROUP") }
    let groupId = try await id(p[2], invocation, what: "the group")
    let type = invocation.isWord(0, "course") ? "course" : "path-session"
    if options.dryRun {
      try await dryRunNote("GET", "/api/v2/groups/\(groupId)/catalog/\(type)-ids", "")
      return .list([])
    }
    return .list(try await client().catalogContentIds(groupId: groupId, contentType: type).map(Value.string))
  }
}
