import Foundation
import L360Client
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

/// Forwards to the sandbox, but breaks the first bulk submission's connection: after the server processed it (the
/// answer is lost on the way back), or before it reached the server.
private final class LosingTransport: HTTPTransport, @unchecked Sendable {
  private let inner = AsyncHTTPClientTransport()
  private let afterProcessing: Bool
  init(afterProcessing: Bool) { self.afterProcessing = afterProcessing }
  private let lock = NSLock()
  private var lost = false
  private var sent: [HTTPRequest] = []

  var requests: [HTTPRequest] { lock.withLock { sent } }

  func send(_ request: HTTPRequest) async throws -> HTTPResponse {
    let lose = lock.withLock {
      sent.append(request)
      guard !lost, request.method == "PUT" else { return false }
      lost = true
      return true
    }
    guard lose else { return try await inner.send(request) }
    if afterProcessing { _ = try await inner.send(request) }
    throw TransportError(reason: "connection reset by peer", requestMayHaveBeenSent: true)
  }
}

@Suite("A bulk submission whose answer was lost")
struct LostAnswerTests {
  @Test("is found on the server by its inputs and re-attached, not sent a second time")
  func foundNotResent() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(operationDuration: .milliseconds(300)))
    let transport = LosingTransport(afterProcessing: true)
    let client = try makeClient(for: sandbox, transport: transport)
    // Someone else's operation of the same type, created meanwhile, must not be taken for ours.
    let other = try makeClient(for: sandbox)
    let integration = try await makeIntegration(other, "lostAnswer")
    _ = try await other.upsertCourses(integrationId: integration.id, courses: [course("other")])

    let courses = (1...20).map { course("lost\($0)") }
    let handle = try await client.upsertCourses(integrationId: integration.id, courses: courses)
    #expect(transport.requests.count { $0.method == "PUT" } == 1, "the items went once")
    #expect(transport.requests.contains { $0.method == "GET" && $0.url.path == "/api/v2/bulk/operations" })
    let outcome = try await client.awaitJob(handle)
    #expect(outcome.results.count == 20)
    #expect(outcome.results.first?.json["input"]?["externalId"]?.stringValue == "lost1")
    await sandbox.stop()
  }

  @Test("that never reached the server is sent again, once the server shows no operation with its inputs")
  func notFoundResent() async throws {
    let sandbox = try await Sandbox.start(
      SandboxConfiguration(operationDuration: .milliseconds(300), recordRequests: true))
    let transport = LosingTransport(afterProcessing: false)
    let client = try makeClient(for: sandbox, transport: transport)
    let other = try makeClient(for: sandbox)
    let integration = try await makeIntegration(other, "neverArrived")
    _ = try await other.upsertCourses(integrationId: integration.id, courses: [course("lost1")])

    let handle = try await client.upsertCourses(
      integrationId: integration.id, courses: (1...20).map { course("lost\($0)") })
    #expect(transport.requests.count { $0.method == "PUT" } == 2, "looked for, not found, sent again")
    #expect(await sandbox.recordedRequests().count { $0.request.method == "PUT" } == 2, "one from each client")
    #expect(try await client.awaitJob(handle).results.count == 20)
    await sandbox.stop()
  }

  @Test(
    "among other operations of its type, the match is found by its items; one that processed more is not awaited")
  func manyCandidates() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(operationDuration: .milliseconds(300)))
    let transport = LosingTransport(afterProcessing: true)
    let client = try makeClient(for: sandbox, transport: transport)
    let other = try makeClient(for: sandbox)
    let integration = try await makeIntegration(other, "crowded")
    let big = try await other.upsertCourses(integrationId: integration.id, courses: (1...30).map { course("big\($0)") })
    _ = try await other.awaitJob(big)
    // Two more, still running (with ours, the three operations the sandbox runs at once): one of another size, and
    // one of the same size as ours, older, told apart only by its items.
    _ = try await other.upsertCourses(integrationId: integration.id, courses: [course("a")])
    _ = try await other.upsertCourses(integrationId: integration.id, courses: (1...20).map { course("theirs\($0)") })

    let handle = try await client.upsertCourses(
      integrationId: integration.id, courses: (1...20).map { course("mine\($0)") })
    #expect(transport.requests.count { $0.method == "PUT" } == 1, "the items went once")
    #expect(!transport.requests.contains { $0.url.path.contains(big.id) }, "30 processed items: not ours, not awaited")
    #expect(transport.requests.count { $0.url.path.hasSuffix("/results") } >= 3, "the others and ours were read")
    let outcome = try await client.awaitJob(handle)
    #expect(outcome.results.map { $0.json["input"]?["externalId"]?.stringValue } == (1...20).map { "mine\($0)" })
    await sandbox.stop()
  }
}
