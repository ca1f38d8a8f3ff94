/// Keeps one client under its read and write rates by making requests wait their turn.
actor RequestPacer {
  private var reads: SlidingWindow
  private var writes: SlidingWindow
  private let clock: any ClientClock

  /// The window is a little longer than a second: requests reach the server after varying delays,
  /// so pacing at exactly N per second would still let N+1 arrive within one second now and then.
  static let window: Duration = .milliseconds(1100)

  init(limits: RateLimits, clock: any ClientClock) {
    self.clock = clock
    reads = SlidingWindow(limit: limits.readsPerSecond, window: Self.window)
    writes = SlidingWindow(limit: limits.writesPerSecond, window: Self.window)
  }

  /// Waits until a request of this kind may go.
  func waitForTurn(isWrite: Bool) async throws {
    let now = clock.now
    let slot = isWrite ? writes.reserve(now: now) : reads.reserve(now: now)
    if slot > now { try await clock.sleep(until: slot) }
  }
}
