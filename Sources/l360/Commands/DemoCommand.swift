import ArgumentParser
import Foundation
import L360Client
import L360JSON
import L360Sandbox

/// `l360 demo`: both v2 flows end to end on the embedded sandbox, printing every step.
///
/// It is the README's first command until the getting-started tutorial replaces it.
struct DemoCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Run both v2 flows end to end on the embedded sandbox (no credentials, no network).",
    discussion: """
      Starts the simulator on 127.0.0.1, then: creates an integration (POST /api/v2/integrations), upserts four external courses (PUT /api/v2/bulk/integrations/{id}/courses), awaits the bulk job and prints every per-item result, then removes content from two group catalogs (DELETE /api/v2/bulk/groups/catalog) and awaits that too.
      """
  )

  @Option(help: "Seconds each simulated bulk operation takes.")
  var operationDuration: Double = 1.2

  func run() async throws {
    let sandbox = try await Sandbox.start(
      SandboxConfiguration(operationDuration: .milliseconds(Int64(operationDuration * 1000))))
    Output.error("l360: using the embedded sandbox at \(sandbox.baseURL) (no credentials needed)")

    let client = V2Client(
      configuration: ClientConfiguration(
        server: try ServerAddress(url: sandbox.baseURL, name: "sandbox"),
        credentials: Credentials(
          clientId: sandbox.configuration.clientId, clientSecret: sandbox.configuration.clientSecret),
        poll: PollSchedule(initial: .milliseconds(200), factor: 1.5, maximum: .seconds(2))
      ))

    Output.line("1. Create the integration once (v1 repeated platform, group and author on every import).")
    Output.line("   POST /api/v2/integrations")
    let integration = try await client.createIntegration(
      IntegrationDraft(
        externalPlatform: "demoPlatform", groupId: SeedData.mainGroupId, authorId: SeedData.authorId,
        defaultCompletion: true, defaultProgress: 0))
    Output.line("   -> integration \(integration.id) for platform \(integration.externalPlatform)")
    Output.line()

    let courses: [JSONValue] = [
      course("ext-101", "Negotiation basics", lang: "en"),
      course("ext-102", "Gestion du temps", lang: "fr"),
      course("ext-103", "Feedback that lands", lang: "en_GB"),
      // This author does not exist: the API accepts the job and reports the item as failed.
      {
        var c = course("ext-104", "Onboarding checklist", lang: "en")
        c["authorId"] = "0123456789abcdef01234567"
        return c
      }(),
    ]
    Output.line("2. Upsert \(courses.count) external courses in one bulk call (up to 10,000 per call).")
    Output.line("   PUT /api/v2/bulk/integrations/\(integration.id)/courses")
    let job = try await client.upsertCourses(integrationId: integration.id, courses: courses)
    Output.line("   -> 202 Accepted, job \(job.id) (\(job.type)), Location \(job.location.absoluteString)")
    let outcome = try await awaitWithProgress(client, job)
    for result in outcome.results {
      let externalId = result.input["externalId"]?.stringValue ?? "?"
      if result.succeeded {
        Output.line("   ok     \(externalId)  course \(result.resourceId ?? "")")
      } else {
        Output.line("   error  \(externalId)  \(result.errorMessage ?? "")")
      }
    }
    Output.line()

    Output.line("3. Read one course back.")
    let stored = try await client.externalCourse(integrationId: integration.id, externalId: "ext-101")
    Output.line("   GET /api/v2/integrations/\(integration.id)/courses/ext-101")
    Output.line("   -> \(JSONWriter.compact(stored))")
    Output.line()

    let removals: [JSONValue] = [
      ["groupId": .string(SeedData.catalogGroupId), "contentType": "course", "contentId": .string(SeedData.courseId)],
      [
        "groupId": .string(SeedData.catalogGroupId), "contentType": "path-session",
        "contentId": .string(SeedData.pathSessionId),
      ],
      ["groupId": .string(SeedData.salesGroupId), "contentType": "course", "contentId": .string(SeedData.courseId)],
    ]
    Output.line("4. Remove content from two groups' catalogs in one call (v1 needed one call per group).")
    Output.line("   DELETE /api/v2/bulk/groups/catalog")
    let removal = try await client.removeFromCatalog(removals)
    Output.line("   -> 202 Accepted, job \(removal.id) (\(removal.type))")
    let removed = try await awaitWithProgress(client, removal)
    for result in removed.results {
      let item = result.input
      Output.line(
        "   \(result.succeeded ? "ok   " : "error")  \(item["contentType"]?.stringValue ?? "") \(item["contentId"]?.stringValue ?? "") from group \(item["groupId"]?.stringValue ?? "")"
      )
    }
    let remaining = try await client.catalogContentIds(groupId: SeedData.catalogGroupId, contentType: "course")
    Output.line("   group \(SeedData.catalogGroupId) catalog courses now: \(remaining.joined(separator: ", "))")
    Output.line()

    let statistics = await client.statistics
    Output.line(
      "Done: \(outcome.succeeded + removed.succeeded) items succeeded, \(outcome.failed + removed.failed) failed; \(statistics.requests) HTTP requests, \(statistics.totalRetries) retried."
    )
    await sandbox.stop()
  }

  private func course(_ externalId: String, _ name: String, lang: String) -> JSONValue {
    [
      "externalId": .string(externalId), "name": .string(name), "defaultLang": .string(lang),
      "launchUrl": .string("https://academy.example.com/courses/\(externalId)"),
      "subjects": ["demo"], "sources": [["name": "Demo Academy"]], "duration": 30,
    ]
  }

  private func awaitWithProgress(_ client: V2Client, _ job: BulkJobHandle) async throws -> BulkJobOutcome {
    let lastStatus = StatusTracker()
    let outcome = try await client.awaitJob(job) { operation in
      let progress = operation.progressIndex.map { " \(min($0 + 1, job.itemCount))/\(job.itemCount)" } ?? ""
      let line = "   \(operation.status)\(progress)"
      if lastStatus.changed(to: line) { Output.line(line) }
    }
    Output.line("   -> \(outcome.operation.status): \(outcome.succeeded) ok, \(outcome.failed) failed")
    return outcome
  }
}

/// Remembers the last printed progress line so unchanged polls print nothing.
private final class StatusTracker: @unchecked Sendable {
  private var last = ""
  private let lock = NSLock()
  func changed(to line: String) -> Bool {
    lock.withLock {
      defer { last = line }
      return line != last
    }
  }
}
