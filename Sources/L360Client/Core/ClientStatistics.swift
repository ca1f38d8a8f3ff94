/// Counts what the client did, so a run's summary can say how many requests were retried and why.
public struct ClientStatistics: Sendable, Equatable {
  /// HTTP requests sent, retries included.
  public var requests = 0
  /// Retries by reason ("HTTP 503", "tooManyRequests", "connection: ...", "token refresh").
  public var retries: [String: Int] = [:]

  /// Makes empty statistics.
  public init() {}

  /// The total of all retries.
  public var totalRetries: Int { retries.values.reduce(0, +) }
}

actor StatisticsRecorder {
  private(set) var snapshot = ClientStatistics()
  func requestSent() { snapshot.requests += 1 }
  func retried(_ reason: String) { snapshot.retries[reason, default: 0] += 1 }
}
