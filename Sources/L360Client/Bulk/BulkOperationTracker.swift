import Foundation

/// Counts this client's bulk operations that are not finished, and makes a new submission wait
/// while the limit (3 by default) is reached.
///
/// A slot is taken before a submission is sent and released when the operation is seen finished.
/// Waiting polls our own operations, so a script that never awaits still makes progress.
actor BulkOperationTracker {
  typealias IsFinished = @Sendable (_ id: String, _ location: URL) async throws -> Bool

  private(set) var limit: Int
  private var reservations = 0
  private var running: [String: URL] = [:]
  private var order: [String] = []
  /// Every operation this client submitted or re-attached: never mistaken for a lost submission of another chunk.
  private(set) var everSubmitted: Set<String> = []

  private let clock: any ClientClock

  init(limit: Int, clock: any ClientClock) {
    self.limit = max(1, limit)
    self.clock = clock
  }

  /// Changes how many operations may be in flight (waiting submissions see it on their next check).
  func setLimit(_ newLimit: Int) { limit = max(1, newLimit) }

  /// Operations of ours not yet seen finished.
  var inFlight: [(id: String, location: URL)] { order.compactMap { id in running[id].map { (id, $0) } } }

  /// Takes a slot, waiting for one of our operations to end when all are taken.
  func acquire(
    isFinished: IsFinished, schedule: PollSchedule, onWait: (_ inFlight: Int, _ limit: Int) -> Void = { _, _ in }
  )
    async throws
  {
    if reservations + running.count >= limit { onWait(running.count, limit) }
    while reservations + running.count >= limit {
      if try await !waitForOneToEnd(isFinished: isFinished, schedule: schedule) {
        try await clock.sleep(for: .milliseconds(50))
      }
    }
    reservations += 1
  }

  /// The submission was accepted: the slot now belongs to operation `id`.
  func submitted(id: String, location: URL) {
    reservations = max(0, reservations - 1)
    everSubmitted.insert(id)
    if running.updateValue(location, forKey: id) == nil { order.append(id) }
  }

  /// The submission failed: give the slot back.
  func abandoned() { reservations = max(0, reservations - 1) }

  /// Operation `id` was seen completed or in error.
  func finished(id: String) {
    if running.removeValue(forKey: id) != nil { order.removeAll { $0 == id } }
  }

  /// Polls our in-flight operations until one has finished.
  ///
  /// Returns false at once when we have none.
  func waitForOneToEnd(isFinished: IsFinished, schedule: PollSchedule) async throws -> Bool {
    var poll = 0
    while true {
      let snapshot = inFlight
      if snapshot.isEmpty { return false }
      for (id, location) in snapshot {
        // Failures other than 403/404 already went through the client's retries: they end the wait (waiting on
        // would hang a run on a server that stays down), and the caller reports what was already submitted.
        do {
          if try await isFinished(id, location) {
            finished(id: id)
            return true
          }
        } catch let error as APIError where error.status == 403 || error.status == 404 {
          // We cannot see it (no bulkOperations:read scope, or gone): stop counting it rather than
          // blocking every later submission.
          finished(id: id)
          return true
        }
      }
      try await clock.sleep(for: schedule.delay(afterPoll: poll))
      poll += 1
    }
  }
}
