import Foundation
import L360Client
import L360TestSupport
import Testing

private func client(
  _ url: String, readTimeout: Duration = .seconds(30), activity: (@Sendable (ClientActivity) -> Void)? = nil
) throws -> V2Client {
  V2Client(
    configuration: ClientConfiguration(
      server: try ServerAddress(url: url, name: "broken"), credentials: Credentials(clientId: "id", clientSecret: "s"),
      retry: .fastForTests, readTimeout: readTimeout, activity: activity))
}

/// What a client told of its activity.
private final class ActivityLog: @unchecked Sendable {
  private let lock = NSLock()
  private var seen: [ClientActivity] = []
  func add(_ activity: ClientActivity) { lock.withLock { seen.append(activity) } }
  var all: [ClientActivity] { lock.withLock { seen } }
}

@Suite("Servers that hold a connection or fail TLS")
struct BrokenServerTests {
  @Test("a server that never answers is reported after two bounded waits, naming its host")
  func silentServer() async throws {
    let server = try RawTCPServer(.silent)
    defer { server.stop() }
    let started = ContinuousClock.now
    let error = await #expect(throws: ConnectionError.self) {
      try await client("http://127.0.0.1:\(server.port)", readTimeout: .milliseconds(400)).authenticate()
    }
    // Not a speed limit: proof that each attempt waited its timeout out, rather than failing at once.
    #expect(ContinuousClock.now - started >= .milliseconds(800))
    #expect(error?.attempts == 2, "retried once, not six times")
    #expect(
      error?.description.contains(
        "authenticate failed: no answer from 127.0.0.1 within 0.4 s (the connection was open, but nothing came)")
        == true,
      "\(String(describing: error))")
  }

  @Test("a TLS failure is said in one line and not retried")
  func tlsFailure() async throws {
    let server = try RawTCPServer(.reply(Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8)))
    defer { server.stop() }
    let error = await #expect(throws: ConnectionError.self) {
      try await client("https://127.0.0.1:\(server.port)").authenticate()
    }
    #expect(error?.attempts == 1)
    #expect(
      error?.description
        == "authenticate failed: TLS with 127.0.0.1 failed: it does not speak TLS on this port (should the URL start with http://?); l360 never skips certificate checks",
      "\(String(describing: error))")
  }

  @Test("a slow answer and the retry after it are told as they happen, naming the host")
  func slowAnswerIsTold() async throws {
    let server = try RawTCPServer(.silent)
    defer { server.stop() }
    let log = ActivityLog()
    await #expect(throws: ConnectionError.self) {
      try await client("http://127.0.0.1:\(server.port)", readTimeout: .milliseconds(2600), activity: log.add)
        .authenticate()
    }
    let waits = log.all.compactMap { activity -> String? in
      if case .waitingForAnswer = activity { return activity.description }
      return nil
    }
    // The first comes 2 s in, or later on a loaded machine; each names the host and how long it has waited.
    #expect(!waits.isEmpty)
    #expect(
      waits.allSatisfy {
        $0.hasPrefix("authenticate: waiting for an answer from 127.0.0.1 (") && !$0.hasSuffix("(0 s)")
          && !$0.hasSuffix("(1 s)")
      }, "\(waits)")
    let retries = log.all.filter { if case .retrying = $0 { return true } else { return false } }
    #expect(retries.count == 1)
    #expect(
      retries.first?.description.hasPrefix(
        "authenticate: no answer from 127.0.0.1 within 2.6 s (the connection was open, but nothing came); retrying in")
        == true)
  }
}
