/// "At most N events in any one-second window": when the next event may start.
///
/// A pure value.
///
/// Each reservation is kept so that bursts up to N go at once and the N+1th waits until the
/// oldest of the last N is a second old.
public struct SlidingWindow: Sendable {
  /// Events allowed per window.
  public let limit: Int
  /// The window's length.
  public let window: Duration
  private var slots: [ContinuousClock.Instant] = []

  /// Makes an empty window.
  public init(limit: Int, window: Duration = .seconds(1)) {
    self.limit = max(1, limit)
    self.window = window
  }

  /// Reserves the earliest slot at or after `now` and returns it; the caller waits until then.
  public mutating func reserve(now: ContinuousClock.Instant) -> ContinuousClock.Instant {
    var slot = now
    if let last = slots.last, last > slot { slot = last }
    if slots.count >= limit {
      let oldest = slots[slots.count - limit]
      if oldest + window > slot { slot = oldest + window }
    }
    slots.append(slot)
    if slots.count > limit { slots.removeFirst(slots.count - limit) }
    return slot
  }
}
