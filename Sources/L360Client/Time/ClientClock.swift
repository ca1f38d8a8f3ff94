/// Where the client's time comes from: how long it waits between retries, pacing slots and polls, and when a token
/// expires.
///
/// Production uses ``SystemClock``; tests hand the client a virtual clock, so a retry after 30 s or a poll every
/// 10 s is tested without waiting for it.
public protocol ClientClock: Sendable {
  /// The current instant.
  var now: ContinuousClock.Instant { get }
  /// Returns once `duration` has passed on this clock, or throws `CancellationError` when the task is cancelled.
  func sleep(for duration: Duration) async throws
}

extension ClientClock {
  /// Returns once `instant` is reached on this clock.
  func sleep(until instant: ContinuousClock.Instant) async throws {
    let remaining = instant - now
    if remaining > .zero { try await sleep(for: remaining) }
  }
}

/// The real, monotonic clock.
public struct SystemClock: ClientClock {
  /// Makes the system clock.
  public init() {}

  public var now: ContinuousClock.Instant { ContinuousClock.now }

  public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
