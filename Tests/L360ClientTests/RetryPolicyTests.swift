import L360Client
import Testing

@Suite("Retry policy and poll schedule (pure values)")
struct RetryPolicyTests {
  let policy = RetryPolicy(
    maxAttempts: 6, baseDelay: .seconds(1), maxDelay: .seconds(10), maxRetryAfter: .seconds(60), jitter: 0.5)

  @Test("backoff doubles up to the cap, then attempts run out")
  func exponential() {
    let delays = (1...6).map { policy.delay(afterAttempt: $0, random: 1) }
    #expect(delays == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), nil])
  }

  @Test("jitter stays within [1 - jitter, 1] of the computed delay")
  func jitter() {
    #expect(policy.delay(afterAttempt: 3, random: 0) == .seconds(2))
    #expect(policy.delay(afterAttempt: 3, random: 0.5) == .seconds(3))
    #expect(policy.delay(afterAttempt: 3, random: 0.999)! < .seconds(4))
  }

  @Test("Retry-After wins over backoff, within bounds")
  func retryAfter() {
    #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(7), random: 0) == .seconds(7))
    #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(61), random: 0) == nil)
    #expect(policy.delay(afterAttempt: 6, retryAfter: .seconds(1), random: 0) == nil)
    #expect(RetryPolicy.parseRetryAfter(" 2 ") == .seconds(2))
    #expect(RetryPolicy.parseRetryAfter("0.5") == .milliseconds(500))
    #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
    #expect(RetryPolicy.parseRetryAfter(nil) == nil)
  }

  @Test("a 429 without Retry-After waits at least the rate-limit floor")
  func rateLimitFloor() {
    #expect(policy.delayAfterRateLimit(afterAttempt: 1, retryAfter: nil, random: 0) == .seconds(1))
    #expect(policy.delayAfterRateLimit(afterAttempt: 4, retryAfter: nil, random: 1) == .seconds(8))
    #expect(
      policy.delayAfterRateLimit(afterAttempt: 1, retryAfter: .milliseconds(200), random: 0) == .milliseconds(200))
  }

  @Test("polling starts at 0.5 s and doubles to a 10 s cap")
  func pollSchedule() {
    let schedule = PollSchedule()
    let delays = (0..<8).map { schedule.delay(afterPoll: $0) }
    #expect(
      delays == [
        .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10),
        .seconds(10),
      ])
    #expect(PollSchedule.fixed(.seconds(3)).delay(afterPoll: 5) == .seconds(3))
  }

  @Test("a sliding window lets a burst through, then spaces the rest a window apart")
  func slidingWindow() {
    var window = SlidingWindow(limit: 3)
    let start = ContinuousClock.now
    let slots = (0..<7).map { _ in window.reserve(now: start) }
    #expect(slots.map { $0 - start } == [.zero, .zero, .zero, .seconds(1), .seconds(1), .seconds(1), .seconds(2)])
    // Time passing frees slots again.
    #expect(window.reserve(now: start + .seconds(10)) == start + .seconds(10))
  }
}
