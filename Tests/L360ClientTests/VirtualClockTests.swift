import Foundation
import L360Client
import L360JSON
import L360TestSupport
import Testing

/// A client on `clock` whose server is `transport`.
private func client(_ transport: ScriptedTransport, _ clock: VirtualClock, limits: RateLimits = RateLimits())
  throws -> V2Client
{
  V2Client(
    configuration: ClientConfiguration(
      server: try ServerAddress(url: "https://tenant.example"),
      credentials: Credentials(clientId: "c", clientSecret: "s"),
      limits: limits, retry: RetryPolicy(maxAttempts: 4, baseDelay: .seconds(30), maxDelay: .seconds(120), jitter: 0),
      poll: PollSchedule(initial: .seconds(10), factor: 1, maximum: .seconds(10)), clock: clock),
    transport: transport)
}

private let token = HTTPResponse(status: 200, body: Array(#"{"access_token":"t","expires_in":3600}"#.utf8))

private func json(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> HTTPResponse {
  HTTPResponse(status: status, headers: headers + [("Content-Type", "application/json")], body: Array(text.utf8))
}

@Suite("Retries, pacing and polling wait on the client's clock")
struct VirtualClockTests {
  @Test("a 503 is retried after the policy's backoff, measured on the client's clock (30 s, then 60 s)")
  func retryBackoff() async throws {
    let clock = VirtualClock()
    let transport = ScriptedTransport { request, _ in
      if request.url.path.hasSuffix("/oauth2/token") { return token }
      return json(503, #"{"code":"serviceUnavailable","message":"down"}"#)
    }
    let failing = try client(transport, clock)
    await #expect(throws: APIError.self) { _ = try await failing.listIntegrations() }
    // Four attempts, three waits: 30 s, 60 s, 120 s (the cap), with no jitter.
    #expect(clock.slept.filter { $0 >= .seconds(1) } == [.seconds(30), .seconds(60), .seconds(120)])
    #expect(transport.requests.filter { $0.url.path == "/api/v2/integrations" }.count == 4)
  }

  @Test("pacing spreads 7 reads at 2 per second over at least 3 windows of the client's clock")
  func pacing() async throws {
    let clock = VirtualClock()
    let transport = ScriptedTransport { request, _ in
      request.url.path.hasSuffix("/oauth2/token") ? token : json(200, "[]")
    }
    let paced = try client(transport, clock, limits: RateLimits(writesPerSecond: 10, readsPerSecond: 2))
    for _ in 0..<7 { _ = try await paced.listIntegrations() }
    #expect(clock.advanced >= .milliseconds(3300), "\(clock.advanced)")
    #expect(clock.advanced < .seconds(5), "\(clock.advanced)")
  }

  @Test("await polls on the schedule of the client's clock until the operation ends")
  func polling() async throws {
    let clock = VirtualClock()
    let id = "64a1b2c3d4e5f6a7b8c9d0e1"
    let transport = ScriptedTransport { request, _ in
      if request.url.path.hasSuffix("/oauth2/token") { return token }
      if request.url.path.hasSuffix("/results") { return json(200, #"[{"status":"success"}]"#) }
      let polls = clock.slept.filter { $0 == .seconds(10) }.count
      let status = polls < 3 ? "running" : "completed"
      return json(200, #"{"_id":"\#(id)","type":"importExternalCourses","status":"\#(status)"}"#)
    }
    let polling = try client(transport, clock)
    let handle = BulkJobHandle(
      id: id, location: URL(string: "https://tenant.example/api/v2/bulk/operations/\(id)")!,
      type: "importExternalCourses", itemCount: 1)
    let outcome = try await polling.awaitJob(handle)
    #expect(outcome.operation.status == "completed")
    #expect(clock.slept.filter { $0 == .seconds(10) }.count == 3)
  }
}
