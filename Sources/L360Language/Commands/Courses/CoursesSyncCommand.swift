import Foundation
import L360Client
import L360JSON
import OrderedCollections

/// `courses sync from FILE into INTEGRATION [archive-missing=true] [state=FILE] [full=true]`: the declarative upsert
/// a nightly script runs again and again; only what changed since the last accepted run is sent.
struct CoursesSyncCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["courses", "sync"],
    forms: [
      Form(.word("from"), .value("file", .inputFile), .word("into"), .value("integration", .id("integration")))
    ],
    keys: [
      KeyDeclaration(
        "archive-missing", .bool, "archive the externalIds synced before that the file no longer lists"),
      KeyDeclaration("state", .outputFile, "the state file (default: .l360/state/HOST-INTEGRATION.json)"),
      KeyDeclaration("full", .bool, "send every item, whatever the state says"),
    ],
    // It may archive, so it is under the guardrails of a removal.
    effect: .destructive,
    summary:
      "Send only the courses that are new or changed since the last accepted sync (PUT /api/v2/bulk/integrations/{id}/courses), and with archive-missing=true archive the ones no longer listed; returns a job.",
    example: "let job = courses sync from courses.json into $i archive-missing=true\nawait $job",
    setup: IntegrationSettings.exampleSetup)

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let integrationId = try await arguments.required("integration")
    let name = try await arguments.required("file")
    let path = context.resolvePath(name)
    let archiveMissing = try await arguments.bool("archive-missing") ?? false
    let full = try await arguments.bool("full") ?? false
    let client = try await context.client()
    let server = BulkSubmitter.origin(client.configuration.server.baseURL)
    let statePath = try await self.statePath(
      arguments, context, server: client.configuration.server.baseURL,
      integrationId: integrationId)
    let upsert = BulkKind.upsertCourses(integrationId: integrationId)

    let state: SyncState
    do {
      state = try SyncState.load(path: statePath, server: server, integrationId: integrationId)
    } catch {
      throw ScriptError("\(error); nothing was sent", kind: .usage, source: context.source, range: context.range)
    }
    let plan = SyncPlan(state: state, full: full, name: name)
    func narratePlan() {
      let missing = plan.missing.count
      context.narrate(
        "courses sync: \(plan.new) new, \(plan.changed) changed, \(plan.unchanged) unchanged (not sent), "
          + (archiveMissing ? "\(missing) to archive" : "\(missing) no longer listed (kept)") + "; state: \(statePath)")
    }

    // One pass plans and checks (unchanged items are neither checked nor sent); the next sends.
    let archiveKind = BulkKind.archiveCourses(integrationId: integrationId)
    var sentIdentities: [(externalId: String, hash: UInt64)?] = []
    let submitted = try await context.bulk.submitFile(
      upsert, name: name, path: path, range: arguments.range("file"), context,
      select: { record, ordinal in plan.consider(record, ordinal: ordinal) },
      validated: { invalid in
        // Items go out in file order, less the unchanged and the invalid ones: their identities, in that order.
        sentIdentities = plan.identities.filter { !invalid.contains($0.ordinal) }.map(\.identity)
        narratePlan()
        // The archives come after the upserts: the question about them is asked before anything is sent.
        if archiveMissing, !plan.missing.isEmpty {
          try await context.authorizeDestructive(count: plan.missing.count, what: archiveKind.operationName)
        }
      })
    guard case .job(let sent) = submitted else { return submitted }
    let store = SyncStateStore(plan.state, path: statePath, save: !context.options.dryRun, note: context.host.note)
    let identities = sentIdentities
    sent.observer = { positions, succeeded, _ in
      store.accepted(Array(identities[positions.clamped(to: identities.indices)]), succeeded)
    }
    let archiving = archiveMissing ? plan.missing : []
    var archived = Job(type: archiveKind.operationType, total: 0, handles: [], dryRun: context.options.dryRun)
    if !archiving.isEmpty,
      case .job(let job) = try await context.bulk.submit(
        archiveKind, archiving.map { ["externalId": .string($0)] }, ItemOrigin(), context)
    {
      archived = job
      archived.observer = { _, succeeded, inputs in store.archived(inputs(), succeeded) }
    }
    let counts: OrderedDictionary<String, Int> = [
      "new": plan.new, "changed": plan.changed, "unchanged": plan.unchanged,
    ]
    return .job(
      Job(
        composite: "courses sync", parts: [("sent", sent), ("archived", archived)], counts: counts,
        dryRun: context.options.dryRun))
  }

  /// `state=FILE`, else `HOST-INTEGRATION.json` in the state folder.
  static func statePath(_ arguments: Arguments, _ context: CommandContext, server: URL, integrationId: String)
    async throws -> String
  {
    if let given = try await arguments.text("state") { return context.resolvePath(given) }
    guard let folder = context.options.stateDirectory else {
      throw arguments.fail("courses sync needs a state file here: give state=FILE")
    }
    let host = (server.host ?? "server") + (server.port.map { "-\($0)" } ?? "")
    return URL(fileURLWithPath: folder).appendingPathComponent("\(host)-\(integrationId).json").path
  }
}
