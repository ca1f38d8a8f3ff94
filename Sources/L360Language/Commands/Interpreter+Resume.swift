import Foundation
import L360Client
import L360JSON
import OrderedCollections

extension Interpreter {
  /// `resume [JOURNAL]`: continues the newest unfinished bulk statement of the journal folder (or the journal
  /// named): chunks already accepted are re-attached, the rest are sent; returns the job to await.
  func resumeCommand(_ invocation: CommandInvocation) async throws -> Value {
    guard invocation.positionals.count <= 1 else { throw invocation.fail("resume takes at most one journal file") }
    let summary: BulkJournal.Summary
    if let argument = invocation.positionals.first {
      let name = try await string(argument, invocation, what: "the journal")
      let path = resolvePath(name, relativeTo: invocation.source)
      let directory = (path as NSString).deletingLastPathComponent
      guard let found = BulkJournal.summaries(in: directory).first(where: { $0.path == path }) else {
        throw invocation.fail("no journal at \(name)", argument.value.range)
      }
      summary = found
    } else {
      guard let directory = options.journalDirectory else {
        host.note("bulk journals are off in this session; nothing to resume")
        return .null
      }
      let unfinished = BulkJournal.summaries(in: directory).filter { !$0.isFinished }
      // A statement that sent a file can be resumed from here; one that sent a list needs its script.
      guard let newest = unfinished.first(where: { $0.header.inputPath != nil }) ?? unfinished.first else {
        host.note("nothing to resume: every bulk statement journaled in \(directory) has finished")
        return .null
      }
      summary = newest
    }
    let header = summary.header
    guard let kind = BulkKind(operation: header.operation) else {
      throw invocation.fail("\(summary.path) is not a journal of a bulk statement l360 can resume")
    }
    guard let inputPath = header.inputPath else {
      throw invocation.fail(
        "the statement journaled in \(summary.path) sent a list from its script; run that script again with --resume")
    }
    host.note(
      "resume: \(kind.operationName) from \(header.input), \(plural(header.items, "item")) in \(plural(header.chunks, "chunk")) (\(summary.accepted) accepted before)"
    )
    let saved = options.chunkSize
    options.chunkSize = header.chunkSize
    defer { options.chunkSize = saved }
    var transform: (@Sendable (JSONValue) -> JSONValue)?
    if case .archiveCourses = kind {
      transform = { item in item.stringValue.map { ["externalId": .string($0)] } ?? item }
    }
    return try await submitBulkFile(
      kind, name: header.input, path: inputPath, range: invocation.call.range, invocation, transform: transform,
      journal: summary.path)
  }
}

extension BulkKind {
  /// The kind a journal's "METHOD PATH" names, or nil.
  init?(operation: String) {
    let parts = operation.split(separator: " ")
    guard parts.count == 2 else { return nil }
    let method = String(parts[0])
    let path = String(parts[1])
    let courses = path.split(separator: "/").map(String.init)
    if courses.count == 6, courses[0..<4] == ["api", "v2", "bulk", "integrations"], courses[5] == "courses" {
      switch method {
      case "PUT": self = .upsertCourses(integrationId: courses[4])
      case "DELETE": self = .archiveCourses(integrationId: courses[4])
      default: return nil
      }
      return
    }
    switch (method, path) {
    case ("POST", "/api/v2/bulk/groups/catalog"): self = .catalogAdd
    case ("DELETE", "/api/v2/bulk/groups/catalog"): self = .catalogRemove
    default: return nil
    }
  }
}
