import Foundation
import L360Client
import L360JSON
import L360Schema
import OrderedCollections

extension Interpreter {
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
    var limit = options.maxDelete
    if let argument = invocation.keyed["max-delete"] {
      do {
        limit = try ValueRules.count("max-delete", try await value(argument, invocation.source), atLeast: 0)
      } catch let error as ValueRuleError {
        throw invocation.fail(error.message, argument.value.range)
      }
    }
    if let limit, count > limit {
      throw ScriptError(
        "\(kind.operationName) would touch \(plural(count, "item")), more than max-delete=\(limit); nothing was sent",
        kind: .usage,
        source: invocation.source, range: invocation.call.range)
    }
    guard !options.dryRun, !options.assumeYes else { return }
    _ = try await client()
    guard let connection, !connection.isSandbox else { return }
    let question =
      "\(kind.operationName) will touch \(plural(count, "item")) on \(connection.name). Continue?"
    if await !host.confirm(question) {
      throw ScriptError(
        "\(kind.operationName) on \(connection.name) needs confirmation (\(plural(count, "item"))); nothing was sent. In a script, pass --yes",
        kind: .usage, source: invocation.source, range: invocation.call.range)
    }
  }

  /// The items of an expression: a list (of objects, or of ids for archive).
  func listItems(_ argument: CommandArgument, _ invocation: CommandInvocation) async throws -> [JSONValue] {
    let v = try await value(argument, invocation.source)
    switch v {
    case .list(let l): return l.map(\.json)
    case .object: return [v.json]
    default: throw invocation.fail("expected a list of items, not \(v.typeWithArticle)", argument.value.range)
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
    if invocation.isWord(0, "from") && into == 2 { return try await submitBulkFile(kind, p[1], invocation) }
    guard into == 1 else { throw invocation.fail("courses upsert takes 'from FILE' or one expression before 'into'") }
    return try await submitBulk(kind, try await listItems(p[0], invocation), ItemOrigin(), invocation)
  }

  /// `courses archive ID... from INTEGRATION` or `courses archive from FILE in INTEGRATION`.
  func coursesArchive(_ invocation: CommandInvocation) async throws -> Value {
    let p = invocation.positionals
    if invocation.isWord(0, "from"), p.count == 4, invocation.isWord(2, "in") {
      let integrationId = try await id(p[3], invocation, what: "the integration")
      let kind = BulkKind.archiveCourses(integrationId: integrationId)
      return try await submitBulkFile(kind, p[1], invocation) { item in
        item.stringValue.map { ["externalId": .string($0)] } ?? item
      }
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
        throw invocation.fail("an external id must be text, not \(other.typeWithArticle)", argument.value.range)
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
    if p.count == 2, invocation.isWord(0, "from") { return try await submitBulkFile(kind, p[1], invocation) }
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
