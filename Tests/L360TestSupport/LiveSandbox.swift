import Foundation
import L360Client
import L360Sandbox

/// Starts a sandbox on a free loopback port, hands it and a client to `body`, and always stops it.
///
/// Each test gets its own sandbox, so tests run in parallel without sharing state.
public func withSandbox<T>(
  _ configuration: SandboxConfiguration = SandboxConfiguration(operationDuration: .milliseconds(200)),
  limits: RateLimits = RateLimits(writesPerSecond: 1000, readsPerSecond: 1000),
  retry: RetryPolicy = .fastForTests,
  poll: PollSchedule = PollSchedule(initial: .milliseconds(20), factor: 1.5, maximum: .milliseconds(200)),
  transport: (any HTTPTransport)? = nil,
  _ body: (Sandbox, V2Client) async throws -> T
) async throws -> T {
  let sandbox = try await Sandbox.start(configuration)
  let client = try makeClient(for: sandbox, limits: limits, retry: retry, poll: poll, transport: transport)
  do {
    let result = try await body(sandbox, client)
    await sandbox.stop()
    return result
  } catch {
    await sandbox.stop()
    throw error
  }
}

/// A client for `sandbox` with its credentials.
public func makeClient(
  for sandbox: Sandbox, limits: RateLimits = RateLimits(writesPerSecond: 1000, readsPerSecond: 1000),
  retry: RetryPolicy = .fastForTests,
  poll: PollSchedule = PollSchedule(initial: .milliseconds(20), factor: 1.5, maximum: .milliseconds(200)),
  transport: (any HTTPTransport)? = nil
) throws -> V2Client {
  V2Client(
    configuration: ClientConfiguration(
      server: try ServerAddress(url: sandbox.baseURL, name: "sandbox"),
      credentials: Credentials(
        clientId: sandbox.configuration.clientId, clientSecret: sandbox.configuration.clientSecret),
      limits: limits, retry: retry, poll: poll),
    transport: transport ?? AsyncHTTPClientTransport())
}

extension RetryPolicy {
  /// Real backoff shape with millisecond delays, so fault tests finish quickly.
  public static let fastForTests = RetryPolicy(
    maxAttempts: 8, baseDelay: .milliseconds(10), maxDelay: .milliseconds(200), maxRetryAfter: .seconds(5), jitter: 0.5)
}

/// Sends one raw HTTP request to the sandbox (for tests of the simulator's own rules).
public func rawSend(
  _ sandbox: Sandbox, _ method: String, _ path: String, headers: [(name: String, value: String)] = [],
  body: String? = nil
) async throws -> HTTPResponse {
  var allHeaders = headers
  if body != nil { allHeaders.append(("Content-Type", "application/json")) }
  return try await AsyncHTTPClientTransport().send(
    HTTPRequest(
      method: method, url: URL(string: sandbox.baseURL + path)!, headers: allHeaders, body: body.map { Array($0.utf8) },
      timeout: .seconds(30)))
}

/// A valid token for `sandbox`, fetched over HTTP.
public func sandboxToken(_ sandbox: Sandbox) async throws -> String {
  let body = """
    {"grant_type":"client_credentials","client_id":"\(sandbox.configuration.clientId)","client_secret":"\(sandbox.configuration.clientSecret)"}
    """
  let response = try await rawSend(sandbox, "POST", "/api/v2/oauth2/token", body: body)
  let text = String(decoding: response.body, as: UTF8.self)
  guard let range = text.range(of: #""access_token":"([^"]+)""#, options: .regularExpression) else {
    throw TestSupportError("no token in \(text)")
  }
  return String(text[range].dropFirst(16).dropLast())
}

/// The headers of an authenticated v2 call.
public func v2Headers(_ token: String) -> [(name: String, value: String)] {
  [("Authorization", "Bearer \(token)"), ("360-api-version", "v2.0")]
}

/// A failure inside a test helper.
public struct TestSupportError: Error, CustomStringConvertible {
  /// The explanation.
  public let description: String
  /// Makes an error.
  public init(_ description: String) { self.description = description }
}
