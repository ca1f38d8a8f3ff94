import Foundation
import L360Client
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

@Suite("The client survives the API's limits and faults without losing an item")
struct ResilienceTests {
  @Test("429 bulkOperationsConcurrencyLimitReached: wait for one of our operations, then resubmit")
  func concurrencyLimit() async throws {
    // The client is told it may run 8 operations; the server allows 3, so it must meet the 429 and cope.
    let sandbox = SandboxConfiguration(operationDuration: .milliseconds(300), concurrencyLimit: 3)
    try await withSandbox(
      sandbox, limits: RateLimits(writesPerSecond: 1000, readsPerSecond: 1000, bulkOperationsInFlight: 8)
    ) {
      _, client in
      let integration = try await makeIntegration(client)
      let outcomes = try await withThrowingTaskGroup(of: BulkJobOutcome.self) { group in
        for i in 0..<8 {
          group.addTask {
            let job = try await client.upsertCourses(integrationId: integration.id, courses: [course("k\(i)")])
            return try await client.awaitJob(job)
          }
        }
        return try await group.reduce(into: []) { $0.append($1) }
      }
      #expect(outcomes.count == 8)
      #expect(outcomes.allSatisfy { $0.operation.status == "completed" && $0.succeeded == 1 })
      #expect(await client.statistics.retries["bulkOperationsConcurrencyLimitReached", default: 0] > 0)
    }
  }

  @Test("the default client keeps 3 operations in flight and never meets that 429")
  func pacedBulkSubmissions() async throws {
    try await withSandbox(SandboxConfiguration(operationDuration: .milliseconds(200), concurrencyLimit: 3)) {
      _, client in
      let integration = try await makeIntegration(client)
      // Submit 7 jobs without awaiting: the client itself waits for slots.
      var jobs: [BulkJobHandle] = []
      for i in 0..<7 {
        jobs.append(try await client.upsertCourses(integrationId: integration.id, courses: [course("p\(i)")]))
      }
      for job in jobs { #expect(try await client.awaitJob(job).succeeded == 1) }
      #expect(await client.statistics.retries["bulkOperationsConcurrencyLimitReached"] == nil)
      #expect(await client.operationsInFlight.isEmpty)
    }
  }

  @Test("429 tooManyRequests is retried, with and without Retry-After", arguments: [1, nil] as [Int?])
  func tooManyRequests(retryAfter: Int?) async throws {
    let sandbox = SandboxConfiguration(
      operationDuration: .zero, concurrencyLimit: 100,
      rateLimits: SandboxRateLimits(readsPerSecond: 1000, writesPerSecond: 4, retryAfterSeconds: retryAfter))
    try await withSandbox(
      sandbox, limits: RateLimits(writesPerSecond: 1000, readsPerSecond: 1000, bulkOperationsInFlight: 100)
    ) {
      _, client in
      let integration = try await makeIntegration(client)
      var jobs: [BulkJobHandle] = []
      for i in 0..<10 {
        jobs.append(try await client.upsertCourses(integrationId: integration.id, courses: [course("r\(i)")]))
      }
      for job in jobs { #expect(try await client.awaitJob(job).succeeded == 1) }
      #expect(await client.statistics.retries["tooManyRequests", default: 0] > 0)
    }
  }

  @Test("client pacing spreads writes so a server that rejects bursts never answers 429")
  func clientPacing() async throws {
    // Unpaced, 25 writes would arrive within a fraction of a second and meet 429s. The server's
    // limit has 20% slack over the client's pace because it measures arrival times, which include
    // the scheduling delays of a loaded 2-core machine running the rest of the suite.
    let sandbox = SandboxConfiguration(
      operationDuration: .zero, concurrencyLimit: 100,
      rateLimits: SandboxRateLimits(readsPerSecond: 1000, writesPerSecond: 12, retryAfterSeconds: 1))
    try await withSandbox(
      sandbox, limits: RateLimits(writesPerSecond: 10, readsPerSecond: 1000, bulkOperationsInFlight: 100)
    ) {
      _, client in
      let integration = try await makeIntegration(client)
      let clock = ContinuousClock()
      let start = clock.now
      for i in 0..<24 { _ = try await client.upsertCourses(integrationId: integration.id, courses: [course("w\(i)")]) }
      #expect(await client.statistics.retries["tooManyRequests"] == nil)
      // 25 writes at 10 per 1.1 s window cannot finish in under two windows.
      #expect(clock.now - start >= .milliseconds(2200))
    }
  }

  @Test("5xx answers and dropped connections: every item still lands")
  func serverErrorsAndDrops() async throws {
    let sandbox = SandboxConfiguration(
      operationDuration: .milliseconds(30), concurrencyLimit: 100,
      faults: FaultSettings(serverErrorRate: 0.1, dropRate: 0.05, seed: 7))
    try await withSandbox(
      sandbox, limits: RateLimits(writesPerSecond: 1000, readsPerSecond: 1000, bulkOperationsInFlight: 3)
    ) {
      _, client in
      let integration = try await makeIntegration(client)
      var landed: Set<String> = []
      for chunk in 0..<6 {
        let courses = (0..<500).map { course("f\(chunk)-\($0)") }
        let outcome = try await client.awaitJob(
          try await client.upsertCourses(integrationId: integration.id, courses: courses))
        #expect(outcome.failed == 0)
        for result in outcome.results where result.succeeded {
          landed.insert(result.input["externalId"]?.stringValue ?? "")
        }
      }
      #expect(landed.count == 3000)
      let statistics = await client.statistics
      #expect(statistics.retries.keys.contains { $0.hasPrefix("HTTP 5") })
      #expect(statistics.retries.keys.contains { $0.hasPrefix("connection") })
      // Spot-check that the server really holds what the results claim.
      #expect(
        try await client.externalCourse(integrationId: integration.id, externalId: "f5-499")["name"] == "Course f5-499")
    }
  }

  @Test("integration create under dropped connections creates each integration exactly once")
  func createIsNotDuplicated() async throws {
    let sandbox = SandboxConfiguration(faults: FaultSettings(dropRate: 0.4, seed: 11))
    try await withSandbox(sandbox) { _, client in
      for i in 0..<12 {
        _ = try await client.createIntegration(
          IntegrationDraft(externalPlatform: "once\(i)", groupId: SeedData.mainGroupId, authorId: SeedData.authorId))
      }
      let platforms = try await client.listIntegrations().map(\.externalPlatform)
      #expect(platforms.sorted() == (0..<12).map { "once\($0)" }.sorted())
      #expect(await client.statistics.retries.keys.contains { $0.hasPrefix("connection") })
    }
  }

  @Test("retries are bounded: a server that always fails ends in an error naming the attempts")
  func boundedRetries() async throws {
    try await withSandbox(SandboxConfiguration(faults: FaultSettings(serverErrorRate: 1))) { _, client in
      let error = try await #require(throws: APIError.self) { try await client.listIntegrations() }
      #expect(error.attempts == RetryPolicy.fastForTests.maxAttempts)
      #expect(error.description.contains("after \(RetryPolicy.fastForTests.maxAttempts) attempts"))
    }
  }

  @Test("a call that outlives its short-lived token is refreshed again, not failed, while the token expired in transit")
  func tokenExpiredInTransit() async throws {
    // Each of the first two API calls is held 1.3 s before it leaves: its 1-second token has expired on arrival,
    // twice in a row. Both 401s are explained by expiry, so the client refreshes again and the third try lands.
    let transport = DelayingTransport(first: 2, by: .milliseconds(1300))
    try await withSandbox(SandboxConfiguration(tokenLifetime: .seconds(1)), transport: transport) { _, client in
      let integration = try await makeIntegration(client, "inTransit")
      #expect(integration.json["externalPlatform"]?.stringValue == "inTransit")
      #expect(transport.heldCalls == 2)
    }
  }

  @Test("a token revoked mid-run is refreshed once and the request replayed")
  func tokenRefreshOn401() async throws {
    try await withSandbox { sandbox, client in
      let integration = try await makeIntegration(client)
      await sandbox.revokeAllTokens()
      let job = try await client.upsertCourses(integrationId: integration.id, courses: [course("t")])
      #expect(try await client.awaitJob(job).succeeded == 1)
      #expect(await client.statistics.retries["token refresh"] == 1)
    }
  }

  @Test("short-lived tokens (expires_in as a string) are renewed during a long await")
  func shortTokens() async throws {
    let sandbox = SandboxConfiguration(
      tokenLifetime: .seconds(1), expiresInAsString: true, operationDuration: .milliseconds(2500))
    try await withSandbox(sandbox) { _, client in
      let integration = try await makeIntegration(client)
      let outcome = try await client.awaitJob(
        try await client.upsertCourses(integrationId: integration.id, courses: [course("long")]))
      #expect(outcome.succeeded == 1)
    }
  }

  @Test("wrong credentials fail with invalid_client, not a retry loop")
  func wrongCredentials() async throws {
    let sandbox = try await Sandbox.start()
    let client = V2Client(
      configuration: ClientConfiguration(
        server: try ServerAddress(url: sandbox.baseURL), credentials: Credentials(clientId: "x", clientSecret: "wrong"),
        retry: .fastForTests))
    let error = try await #require(throws: APIError.self) { try await client.listIntegrations() }
    #expect(error.description == "authenticate failed: invalid_client (HTTP 401)")
    #expect(await client.statistics.requests == 1)
    await sandbox.stop()
  }

  @Test("a server that is down gives a connection error after bounded retries")
  func serverDown() async throws {
    let sandbox = try await Sandbox.start()
    let url = sandbox.baseURL
    await sandbox.stop()
    let client = V2Client(
      configuration: ClientConfiguration(
        server: try ServerAddress(url: url), credentials: Credentials(clientId: "a", clientSecret: "b"),
        retry: .fastForTests))
    let error = try await #require(throws: ConnectionError.self) { try await client.listIntegrations() }
    #expect(error.operation == "authenticate")
    #expect(error.attempts == RetryPolicy.fastForTests.maxAttempts)
  }

  @Test("a raw POST whose answer was lost is not sent again")
  func rawPostNotReplayed() async throws {
    let configuration = SandboxConfiguration(faults: FaultSettings(dropRate: 1, seed: 5), recordRequests: true)
    try await withSandbox(configuration) { sandbox, client in
      let error = try await #require(throws: ConnectionError.self) {
        try await client.rawRequest(
          method: "POST", path: "/api/v2/integrations",
          body: [
            "externalPlatform": "once", "groupId": .string(SeedData.mainGroupId),
            "authorId": .string(SeedData.authorId),
          ])
      }
      #expect(error.reason.contains("it may have reached the server, so it was not sent again"))
      let posts = await sandbox.recordedRequests().filter {
        $0.request.method == "POST" && $0.request.path == "/api/v2/integrations"
      }
      #expect(posts.count == 1)
    }
  }

  @Test("a host name that does not resolve is named as such, and is known not to have received the request")
  func unresolvableHost() async throws {
    // .invalid never resolves (RFC 6761), with or without a network.
    let request = HTTPRequest(
      method: "POST", url: URL(string: "https://no-such-tenant.invalid/api/v2/oauth2/token")!, headers: [], body: [])
    let error = try await #require(throws: TransportError.self) {
      _ = try await AsyncHTTPClientTransport().send(request)
    }
    #expect(error.reason == "could not resolve the host name no-such-tenant.invalid")
    #expect(!error.requestMayHaveBeenSent)
  }

  @Test("absurd numbers from a server do not crash the client")
  func absurdNumbers() throws {
    #expect(RetryPolicy.parseRetryAfter("1e17") == .seconds(86_400))
    #expect(RetryPolicy.parseRetryAfter("inf") == nil)
    #expect(RetryPolicy().delay(afterAttempt: 1, retryAfter: RetryPolicy.parseRetryAfter("1e17"), random: 0) == nil)
  }
}

/// Holds the first `first` API calls (not token calls) for `delay` before sending them.
final class DelayingTransport: HTTPTransport, @unchecked Sendable {
  private let inner = AsyncHTTPClientTransport()
  private let lock = NSLock()
  private var remaining: Int
  private var held = 0
  private let delay: Duration

  init(first: Int, by delay: Duration) {
    remaining = first
    self.delay = delay
  }

  var heldCalls: Int { lock.withLock { held } }

  func send(_ request: HTTPRequest) async throws -> HTTPResponse {
    let hold = lock.withLock { () -> Bool in
      guard !request.url.path.hasSuffix("/oauth2/token"), remaining > 0 else { return false }
      remaining -= 1
      held += 1
      return true
    }
    if hold { try await Task.sleep(for: delay) }
    return try await inner.send(request)
  }
}
