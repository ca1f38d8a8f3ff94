import Foundation
import Synchronization
import Testing

@testable import L360Client

/// The order-keeping parallel search behind the lost-answer lookup (``V2Client/firstMatch(among:width:_:)``).
@Suite("The first match among candidates tested side by side")
struct FirstMatchTests {
  struct Refused: Error {}

  @Test("the lowest matching index wins, even when a higher one answers first")
  func lowestWins() async throws {
    let found = try await V2Client.firstMatch(among: 4) { index in
      try await Task.sleep(for: .milliseconds(index == 1 ? 80 : 5))
      return index == 1 || index == 3
    }
    #expect(found == 1)
  }

  @Test("it returns once every lower index said no, cancelling the slow ones after the match")
  func stopsEarly() async throws {
    let cancelled = Mutex(false)
    let found = try await V2Client.firstMatch(among: 3) { index in
      if index == 2 {
        do { try await Task.sleep(for: .seconds(600)) } catch {
          cancelled.withLock { $0 = error is CancellationError }
          throw error
        }
      }
      return index == 1
    }
    #expect(found == 1)
    #expect(cancelled.withLock { $0 }, "the 10-minute test after the match was cancelled, not awaited")
  }

  @Test("an error after the match is ignored; an error before it is thrown, as in order")
  func errorsInOrder() async throws {
    let afterMatch = try await V2Client.firstMatch(among: 3) { index in
      if index == 2 { throw Refused() }
      return index == 0
    }
    #expect(afterMatch == 0)
    await #expect(throws: Refused.self) {
      _ = try await V2Client.firstMatch(among: 3) { index in
        if index == 0 { throw Refused() }
        return index == 2
      }
    }
  }

  @Test("no more than the width run at once, and every candidate is tried when none matches")
  func width() async throws {
    let running = Mutex((now: 0, most: 0, tried: 0))
    let found = try await V2Client.firstMatch(among: 10, width: 3) { _ in
      running.withLock {
        $0.now += 1
        $0.most = max($0.most, $0.now)
        $0.tried += 1
      }
      try await Task.sleep(for: .milliseconds(10))
      running.withLock { $0.now -= 1 }
      return false
    }
    #expect(found == nil)
    #expect(running.withLock { $0.most } == 3)
    #expect(running.withLock { $0.tried } == 10)
  }
}
