import Foundation

/// When and how long to wait before retrying a failed request: a pure value, tested without a network.
///
/// Exponential backoff with jitter, honouring `Retry-After` when the server sends it, with a
/// bounded number of attempts.
public struct RetryPolicy: Sendable, Equatable {
  /// Total attempts, the first one included.
  public var maxAttempts: Int
  /// The wait before the second attempt; it doubles each time.
  public var baseDelay: Duration
  /// No computed wait is longer than this.
  public var maxDelay: Duration
  /// A server's `Retry-After` is followed up to this long; beyond it the request fails.
  public var maxRetryAfter: Duration
  /// Fraction of the delay that is random (0 = none, 0.5 = delay × [0.5, 1.0]).
  public var jitter: Double
  /// The least wait after a 429 that came without `Retry-After`: the API's limits are per second,
  /// and its docs say to "wait ~1 second before retrying".
  public var rateLimitFloor: Duration

  /// Makes a policy; the defaults follow the API docs ("wait ~1 second, use exponential backoff").
  public init(
    maxAttempts: Int = 6, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(30),
    maxRetryAfter: Duration = .seconds(300), jitter: Double = 0.5, rateLimitFloor: Duration = .seconds(1)
  ) {
    self.maxAttempts = maxAttempts
    self.baseDelay = baseDelay
    self.maxDelay = maxDelay
    self.maxRetryAfter = maxRetryAfter
    self.jitter = jitter
    self.rateLimitFloor = rateLimitFloor
  }

  /// The wait before attempt `attempt + 1`, or nil when no attempt is left.
  ///
  /// - Parameters:
  ///   - attempt: attempts made so far (1 after the first failure).
  ///   - retryAfter: the server's `Retry-After`, if it sent one.
  ///   - random: a number in [0, 1) for the jitter (injected so tests are exact).
  public func delay(afterAttempt attempt: Int, retryAfter: Duration? = nil, random: Double) -> Duration? {
    guard attempt < maxAttempts else { return nil }
    if let retryAfter {
      return retryAfter <= maxRetryAfter ? max(retryAfter, .zero) : nil
    }
    let exponent = min(attempt - 1, 30)
    var delay = baseDelay * (1 << exponent)
    if delay > maxDelay { delay = maxDelay }
    let factor = 1 - jitter + jitter * min(max(random, 0), 1)
    return delay * factor
  }

  /// The wait after a 429: the server's `Retry-After` when given, else backoff of at least ``rateLimitFloor``.
  public func delayAfterRateLimit(afterAttempt attempt: Int, retryAfter: Duration?, random: Double) -> Duration? {
    guard let delay = self.delay(afterAttempt: attempt, retryAfter: retryAfter, random: random) else { return nil }
    return retryAfter == nil ? max(delay, rateLimitFloor) : delay
  }

  /// Parses a `Retry-After` header: delta-seconds (the HTTP-date form is rare and ignored).
  public static func parseRetryAfter(_ value: String?) -> Duration? {
    guard let value, let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0, seconds.isFinite
    else { return nil }
    // Anything past a day is "not worth waiting for"; keep it representable so the policy can refuse it.
    if seconds > 86_400 { return .seconds(86_400) }
    return .milliseconds(Int64(seconds * 1000))
  }
}
