import L360JSON
import OrderedCollections

/// Holds the current access token, refreshes it shortly before it expires, and makes concurrent
/// callers share one token request.
actor TokenStore {
  typealias Fetch = @Sendable () async throws -> (token: String, lifetime: Duration)

  private let fetch: Fetch
  private var current: (token: String, refreshAt: ContinuousClock.Instant)?
  private var inFlight: Task<(token: String, lifetime: Duration), any Error>?
  /// When the last few tokens expire by our clock, to tell an expired token's 401 from a revoked one's.
  private var expiries: [(token: String, at: ContinuousClock.Instant)] = []

  private let clock: any ClientClock

  init(clock: any ClientClock, fetch: @escaping Fetch) {
    self.clock = clock
    self.fetch = fetch
  }

  /// A token that is not about to expire.
  func token() async throws -> String {
    if let current, clock.now < current.refreshAt { return current.token }
    let task = inFlight ?? Task { [fetch] in try await fetch() }
    inFlight = task
    defer { if inFlight == task { inFlight = nil } }
    // Ctrl-C while a token is being fetched cancels the fetch instead of waiting out its retries.
    let (token, lifetime) = try await withTaskCancellationHandler {
      try await task.value
    } onCancel: {
      task.cancel()
    }
    // Refresh a little early: a tenth of the lifetime, at most a minute.
    let margin = min(lifetime / 10, .seconds(60))
    store(token, refreshAt: clock.now + lifetime - margin)
    if !expiries.contains(where: { $0.token == token }) {
      expiries.append((token, clock.now + lifetime))
      if expiries.count > 4 { expiries.removeFirst() }
    }
    return token
  }

  private func store(_ token: String, refreshAt: ContinuousClock.Instant) {
    KnownSecrets.register(token)
    current = (token, refreshAt)
  }

  /// True when `token` has outlived its lifetime by our clock: a 401 for it is explained by expiry (a request can
  /// outlive a short-lived token on a slow path), not by credentials that stopped working.
  func hasExpired(_ token: String) -> Bool {
    guard let expiry = expiries.first(where: { $0.token == token }) else { return false }
    return clock.now >= expiry.at
  }

  /// Forgets `token` after the API rejected it, so the next call fetches a new one.
  func invalidate(_ token: String) {
    if current?.token == token { current = nil }
  }
}

/// Parses the token endpoint's answer; `expires_in` may be a number or a numeric string.
enum TokenResponse {
  static func parse(_ body: [UInt8]) throws(UnexpectedResponseError) -> (token: String, lifetime: Duration) {
    guard let json = try? JSONParser.parse(bytes: body), let token = json["access_token"]?.stringValue, !token.isEmpty
    else {
      throw UnexpectedResponseError(operation: "authenticate", detail: "no access_token in the token response")
    }
    let seconds: Double? =
      switch json["expires_in"] {
      case .number(let n)?: n.doubleValue
      case .string(let s)?: Double(s)
      default: nil
      }
    guard let seconds, seconds > 0, seconds.isFinite else {
      throw UnexpectedResponseError(operation: "authenticate", detail: "expires_in is missing or not a positive number")
    }
    // A lifetime beyond a day is treated as a day: the token is simply renewed sooner.
    return (token, .milliseconds(Int64(min(seconds, 86_400) * 1000)))
  }
}
