/// Keeps one client under its read and write rates by making requests wait their turn.
actor RequestPacer {
  private var reads: SlidingWindow
  private var writes: SlidingWindow

  init(limits: RateLimits) {
    reads = SlidingWindow(limit: limits.readsPerSecond)
    writes = SlidingWindow(limit: limits.writesPerSecond)
  }

  /// Waits until a request of this kind may go.
  func waitForTurn(isWrite: Bool) async throws {
    let now = ContinuousClock.now
    let slot = isWrite ? writes.reserve(now: now) : reads.reserve(now: now)
    if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
  }
}
