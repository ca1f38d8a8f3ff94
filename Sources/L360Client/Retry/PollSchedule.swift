/// How often `await` asks for a bulk operation's status: a pure value, tested without a clock.
///
/// Starts quick (operations on small inputs often finish in a second), then backs off so long
/// operations cost few requests against the 50 reads/s budget.
public struct PollSchedule: Sendable, Equatable {
  /// The first wait.
  public var initial: Duration
  /// Each wait is the previous one times this.
  public var factor: Double
  /// No wait is longer than this.
  public var maximum: Duration

  /// Makes a schedule: 0.5 s doubling to a 10 s cap by default.
  public init(initial: Duration = .milliseconds(500), factor: Double = 2, maximum: Duration = .seconds(10)) {
    self.initial = initial
    self.factor = factor
    self.maximum = maximum
  }

  /// A schedule that polls every `interval`, for `every=` and `set poll-interval`.
  public static func fixed(_ interval: Duration) -> PollSchedule {
    PollSchedule(initial: interval, factor: 1, maximum: interval)
  }

  /// The wait after poll number `poll` (0 for the first).
  public func delay(afterPoll poll: Int) -> Duration {
    var delay = initial
    var k = 0
    while k < poll && delay < maximum {
      delay = delay * factor
      k += 1
    }
    return min(delay, maximum)
  }
}
