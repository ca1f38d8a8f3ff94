/// Something the client is doing that takes a while and that a person watching should hear about: waiting to
/// retry, waiting for a bulk slot, waiting for a slow answer. Given to ``ClientConfiguration/activity``.
public enum ClientActivity: Sendable, Equatable {
  /// An attempt failed for `reason` and is tried again after `delay`: `attempt` is the one about to be made.
  case retrying(operation: String, reason: String, delay: Duration, attempt: Int, maxAttempts: Int)
  /// A bulk submission waits for one of this client's operations to finish (`inFlight` of `limit` slots taken),
  /// or, with `othersHoldSlots`, for the company's slots that other operations hold.
  case waitingForBulkSlot(operation: String, inFlight: Int, limit: Int, othersHoldSlots: Bool)
  /// A request has had no answer from `host` for `elapsed`.
  case waitingForAnswer(operation: String, host: String, elapsed: Duration)

  /// The activity in words, for a status line.
  /// The kind of line it is, for throttling a status line per kind: `retrying`, `waiting for a slot`, `waiting`.
  public var phase: String {
    switch self {
    case .retrying: "retrying"
    case .waitingForBulkSlot: "waiting for a slot"
    case .waitingForAnswer: "waiting"
    }
  }

  public var description: String {
    switch self {
    case .retrying(let operation, let reason, let delay, let attempt, let maxAttempts):
      return "\(operation): \(reason); retrying in \(Self.format(delay)), attempt \(attempt) of \(maxAttempts)"
    case .waitingForBulkSlot(let operation, let inFlight, let limit, let othersHoldSlots):
      return othersHoldSlots
        ? "\(operation): the company's bulk operation slots are taken by other operations; waiting for one to end"
        : "\(operation): waiting for a free bulk operation slot (\(inFlight) of \(limit) in use)"
    case .waitingForAnswer(let operation, let host, let elapsed):
      return "\(operation): waiting for an answer from \(host) (\(Self.format(elapsed)))"
    }
  }

  /// Whole seconds from 1 s up ("4 s"), milliseconds below.
  static func format(_ duration: Duration) -> String {
    let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    return seconds >= 1 ? "\(Int(seconds.rounded())) s" : "\(Int((seconds * 1000).rounded())) ms"
  }
}
