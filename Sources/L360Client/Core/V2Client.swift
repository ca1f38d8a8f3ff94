public import Foundation
import L360JSON
import Logging
import OrderedCollections

/// The shared client for the 360Learning API v2: the only code in l360 that speaks HTTP to it.
///
/// Every call gets a Bearer token (fetched, cached and refreshed here), the `360-api-version: v2.0`
/// header, client-side pacing, retries with backoff, and errors that name the operation.
/// Operations are in extensions, one file per resource (`V2Client+Integrations.swift`, ...).
public final class V2Client: Sendable {
  /// The settings this client was made with.
  public let configuration: ClientConfiguration
  let transport: any HTTPTransport
  let pacer: RequestPacer
  let tokens: TokenStore
  let tracker: BulkOperationTracker
  let recorder: StatisticsRecorder
  /// Consulted before each call leaves (dry runs, guardrails); nil lets everything through.
  let gate: (any RequestGate)?

  /// How long a submission waits for bulk slots held by others before failing.
  static let concurrencyPatience: Duration = .seconds(600)

  /// The header every v2 call except the token call carries.
  public static let versionHeader = (name: "360-api-version", value: "v2.0")

  /// Makes a client.
  ///
  /// Nothing is sent until the first call.
  public init(configuration: ClientConfiguration, transport: any HTTPTransport = AsyncHTTPClientTransport()) {
    self.configuration = configuration
    self.transport = transport
    self.pacer = RequestPacer(limits: configuration.limits, clock: configuration.clock)
    self.tracker = BulkOperationTracker(limit: configuration.limits.bulkOperationsInFlight, clock: configuration.clock)
    self.gate = nil
    let recorder = StatisticsRecorder()
    self.recorder = recorder
    let credentials = configuration.credentials
    let server = configuration.server
    let retry = configuration.retry
    let timeout = configuration.readTimeout
    let clock = configuration.clock
    let activity = configuration.activity
    self.tokens = TokenStore(clock: clock) { [transport] in
      try await Self.fetchToken(
        transport: transport, server: server, credentials: credentials, retry: retry, timeout: timeout,
        recorder: recorder, clock: clock, activity: activity)
    }
  }

  private init(sharing other: V2Client, gate: any RequestGate) {
    configuration = other.configuration
    transport = other.transport
    pacer = other.pacer
    tokens = other.tokens
    tracker = other.tracker
    recorder = other.recorder
    self.gate = gate
  }

  /// The same client (token, pacing, bulk slots and statistics shared) with `gate` deciding what may leave.
  public func gated(by gate: any RequestGate) -> V2Client {
    V2Client(sharing: self, gate: gate)
  }

  /// What the client has done so far: requests sent and retries by reason.
  public var statistics: ClientStatistics {
    get async { await recorder.snapshot }
  }

  /// Bulk operations this client submitted that it has not yet seen finish.
  public var operationsInFlight: [String] {
    get async { await tracker.inFlight.map(\.id) }
  }

  /// Changes how many of this client's bulk operations may be pending, queued or running at once (`set concurrency N`).
  ///
  /// The API allows 3 per company; more only meets 429s.
  public func setBulkOperationsInFlight(_ limit: Int) async {
    await tracker.setLimit(limit)
  }

  /// How many of this client's bulk operations may be in flight at once.
  public var bulkOperationsInFlightLimit: Int {
    get async { await tracker.limit }
  }

  /// Obtains an access token now (if none is cached), proving the credentials work.
  public func authenticate() async throws {
    _ = try await tokens.token()
  }

  // MARK: - URLs

  /// The absolute URL for an API path ("/api/v2/integrations") with query items.
  func url(_ path: String, query: [(String, String)] = []) -> URL {
    var text = configuration.server.baseURL.absoluteString + path
    if !query.isEmpty { text += "?" + Self.encodeQuery(query) }
    return URL(string: text)!
  }

  /// Percent-encodes query items, brackets included (`externalPlatform%5Beq%5D=x`).
  static func encodeQuery(_ items: [(String, String)]) -> String {
    items.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
  }

  static let unreserved = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

  /// Percent-encodes everything but RFC 3986 unreserved characters (for query items and path segments).
  static func percentEncode(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
  }

  // MARK: - The pipeline

  /// Sends `call` with auth, pacing and retries; returns the response whose status is expected,
  /// or throws ``APIError`` / ``ConnectionError``.
  func perform(_ call: V2Call) async throws -> HTTPResponse {
    let retry = configuration.retry
    var attempt = 0
    var refreshedToken = false
    var expiredTokenRefreshes = 0
    var concurrencyWaits = 0
    let clock = configuration.clock
    var concurrencyStart: ContinuousClock.Instant?
    var silentAttempts = 0
    if let gate {
      // The token comes first, so a dry run still proves the credentials work.
      _ = try await tokens.token()
      if let answer = try await gate.admit(call.request) { return answer }
    }
    while true {
      attempt += 1
      try await pacer.waitForTurn(isWrite: call.isWrite)
      let token = try await tokens.token()
      var headers: [(name: String, value: String)] = [
        ("Authorization", "Bearer \(token)"),
        (Self.versionHeader.name, Self.versionHeader.value),
        ("Accept", "application/json"),
      ]
      if call.body != nil { headers.append(("Content-Type", "application/json")) }
      let request = HTTPRequest(
        method: call.method, url: call.url, headers: headers, body: call.body,
        timeout: call.isWrite ? configuration.requestTimeout : configuration.readTimeout)
      configuration.logger.debug("\(call.method) \(call.url.absoluteString) (Authorization: Bearer ***)")
      await recorder.requestSent()

      let response: HTTPResponse
      do {
        response = try await Self.noticingSlowAnswer(
          call.operation, host: configuration.server.baseURL.host, configuration.activity
        ) { try await transport.send(request) }
      } catch let error as TransportError {
        // Looked for first: a silent server may still have taken the write, even when no retry is left.
        if case .checkFirst(let check) = call.replay, error.requestMayHaveBeenSent,
          let earlier = try await check()
        {
          return earlier
        }
        try Self.giveUpEarly(on: error, operation: call.operation, attempt: attempt, silentSoFar: &silentAttempts)
        if case .never = call.replay, error.requestMayHaveBeenSent {
          throw ConnectionError(
            operation: call.operation,
            reason: "\(error.reason); it may have reached the server, so it was not sent again", attempts: attempt)
        }
        guard let delay = retry.delay(afterAttempt: attempt, random: .random(in: 0..<1)) else {
          throw ConnectionError(operation: call.operation, reason: error.reason, attempts: attempt)
        }
        await retrying(call.operation, counted: "connection: \(error.reason)", error.reason, delay, attempt)
        try await clock.sleep(for: delay)
        continue
      }

      if call.expected.contains(response.status) { return response }
      var error = APIError(operation: call.operation, response: response)
      error.attempts = attempt

      // A 401 for a token that has outlived its lifetime by our own clock is expiry, not bad credentials: it may be
      // refreshed again (a few times), where a token still in its lifetime is refreshed once.
      let expiredHere = response.status == 401 && expiredTokenRefreshes < 3 ? await tokens.hasExpired(token) : false
      switch (response.status, error.code) {
      case (401, "invalid_token") where !refreshedToken || expiredHere:
        // The token expired or was revoked early: fetch a new one, then replay.
        if refreshedToken { expiredTokenRefreshes += 1 }
        refreshedToken = true
        await tokens.invalidate(token)
        await recorder.retried("token refresh")
        attempt -= 1
        continue

      case (429, "bulkOperationsConcurrencyLimitReached") where call.isBulkSubmission:
        // Three operations already run for this company. When some are ours, wait for one to end;
        // otherwise back off, within a bound.
        concurrencyWaits += 1
        await recorder.retried("bulkOperationsConcurrencyLimitReached")
        if concurrencyStart == nil { concurrencyStart = clock.now }
        let ours = await tracker.inFlight.count
        configuration.activity?(
          .waitingForBulkSlot(
            operation: call.operation, inFlight: ours, limit: await tracker.limit, othersHoldSlots: ours == 0))
        let waited = try await tracker.waitForOneToEnd(isFinished: isFinished, schedule: configuration.poll)
        if !waited {
          // Others hold the company's slots: back off by our own count of waits (up to the cap),
          // for at most `concurrencyPatience` in all.
          guard let start = concurrencyStart, clock.now - start < Self.concurrencyPatience else {
            throw error
          }
          var delay = retry.baseDelay * (1 << min(concurrencyWaits - 1, 20))
          if delay > retry.maxDelay { delay = retry.maxDelay }
          try await clock.sleep(for: delay * (0.5 + 0.5 * .random(in: 0..<1)))
        }
        attempt -= 1
        continue

      case (429, _), (503, _):
        // Rate limited or temporarily disabled: the request was not processed, so it is safe to resend.
        let retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"))
        let delay =
          response.status == 429
          ? retry.delayAfterRateLimit(afterAttempt: attempt, retryAfter: retryAfter, random: .random(in: 0..<1))
          : retry.delay(afterAttempt: attempt, retryAfter: retryAfter, random: .random(in: 0..<1))
        guard let delay else { throw error }
        await retrying(
          call.operation, counted: error.code ?? "HTTP \(response.status)", Self.answered(response.status, error.code),
          delay, attempt)
        try await clock.sleep(for: delay)
        continue

      case (500..., _):
        if case .never = call.replay { throw error }
        if case .checkFirst(let check) = call.replay, let earlier = try await check() { return earlier }
        guard let delay = retry.delay(afterAttempt: attempt, random: .random(in: 0..<1)) else { throw error }
        await retrying(
          call.operation, counted: "HTTP \(response.status)", Self.answered(response.status, error.code), delay, attempt
        )
        try await clock.sleep(for: delay)
        continue

      default:
        throw error
      }
    }
  }

  /// Before a retry of `attempt`: counts it for the run's summary (as `counted`) and says it on the status line.
  func retrying(_ operation: String, counted: String, _ reason: String, _ delay: Duration, _ attempt: Int) async {
    await Self.retrying(
      operation, counted: counted, reason, delay, attempt, maxAttempts: configuration.retry.maxAttempts,
      recorder: recorder, activity: configuration.activity)
  }

  static func retrying(
    _ operation: String, counted: String, _ reason: String, _ delay: Duration, _ attempt: Int, maxAttempts: Int,
    recorder: StatisticsRecorder, activity: (@Sendable (ClientActivity) -> Void)?
  ) async {
    await recorder.retried(counted)
    activity?(
      .retrying(operation: operation, reason: reason, delay: delay, attempt: attempt + 1, maxAttempts: maxAttempts))
  }

  /// "503 from the server", "429 tooManyRequests from the server".
  static func answered(_ status: Int, _ code: String?) -> String {
    "\(status)\(code.map { " " + $0 } ?? "") from the server"
  }

  /// Runs `send`, telling ``ClientConfiguration/activity`` every second once the answer is 2 s late.
  ///
  /// On the real clock, not the configured one: the wait it reports is the network's, whose timeouts are real
  /// whatever clock paces the retries (a test's virtual clock would report a wait that never happened).
  static func noticingSlowAnswer<T: Sendable>(
    _ operation: String, host: String?, _ activity: (@Sendable (ClientActivity) -> Void)?,
    _ send: () async throws -> T
  ) async throws -> T {
    guard let activity else { return try await send() }
    let host = host ?? "the server"
    let watch = Task {
      let start = ContinuousClock.now
      try await Task.sleep(for: .seconds(2))
      while !Task.isCancelled {
        activity(.waitingForAnswer(operation: operation, host: host, elapsed: ContinuousClock.now - start))
        try await Task.sleep(for: .seconds(1))
      }
    }
    defer { watch.cancel() }
    return try await send()
  }

  /// Ends the retries at once for a failure that another attempt cannot mend: TLS (the certificate is what it is),
  /// or a server that left a second request unanswered (waiting out six timeouts would hold a run for minutes).
  static func giveUpEarly(on error: TransportError, operation: String, attempt: Int, silentSoFar: inout Int) throws {
    switch error.kind {
    case .tls: throw ConnectionError(operation: operation, reason: error.reason, attempts: attempt)
    case .noAnswer:
      silentSoFar += 1
      if silentSoFar >= 2 { throw ConnectionError(operation: operation, reason: error.reason, attempts: attempt) }
    case .connection: break
    }
  }

  /// Parses a response body as JSON, or explains why it is not.
  func json(_ response: HTTPResponse, operation: String) throws -> JSONValue {
    do {
      return try JSONParser.parse(bytes: response.body)
    } catch {
      throw UnexpectedResponseError(operation: operation, detail: "the body is not JSON (\(error))")
    }
  }

  // MARK: - Token

  static func fetchToken(
    transport: any HTTPTransport, server: ServerAddress, credentials: Credentials, retry: RetryPolicy,
    timeout: Duration, recorder: StatisticsRecorder, clock: any ClientClock,
    activity: (@Sendable (ClientActivity) -> Void)? = nil
  ) async throws -> (token: String, lifetime: Duration) {
    let body: JSONValue = [
      "grant_type": "client_credentials",
      "client_id": .string(credentials.clientId),
      "client_secret": .string(credentials.clientSecret),
    ]
    let url = URL(string: server.baseURL.absoluteString + "/api/v2/oauth2/token")!
    // The token endpoint is the one v2 call without the 360-api-version header.
    let request = HTTPRequest(
      method: "POST", url: url, headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
      body: JSONWriter.compactBytes(body), timeout: timeout)
    var attempt = 0
    var silentAttempts = 0
    while true {
      attempt += 1
      await recorder.requestSent()
      let response: HTTPResponse
      do {
        response = try await noticingSlowAnswer("authenticate", host: server.baseURL.host, activity) {
          try await transport.send(request)
        }
      } catch let error as TransportError {
        try giveUpEarly(on: error, operation: "authenticate", attempt: attempt, silentSoFar: &silentAttempts)
        // Asking for a token twice is harmless: retry any connection failure.
        guard let delay = retry.delay(afterAttempt: attempt, random: .random(in: 0..<1)) else {
          throw ConnectionError(operation: "authenticate", reason: error.reason, attempts: attempt)
        }
        await retrying(
          "authenticate", counted: "connection: \(error.reason)", error.reason, delay, attempt,
          maxAttempts: retry.maxAttempts, recorder: recorder, activity: activity)
        try await clock.sleep(for: delay)
        continue
      }
      if response.status == 200 { return try TokenResponse.parse(response.body) }
      var error = APIError(operation: "authenticate", response: response)
      error.attempts = attempt
      if response.status == 429 || response.status >= 500,
        let delay = retry.delay(
          afterAttempt: attempt, retryAfter: RetryPolicy.parseRetryAfter(response.header("Retry-After")),
          random: .random(in: 0..<1))
      {
        await retrying(
          "authenticate", counted: error.code ?? "HTTP \(response.status)", answered(response.status, error.code),
          delay, attempt, maxAttempts: retry.maxAttempts, recorder: recorder, activity: activity)
        try await clock.sleep(for: delay)
        continue
      }
      throw error
    }
  }
}
