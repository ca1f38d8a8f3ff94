import Foundation
import L360Client

/// A clock that never waits: each sleep moves its time forward at once, so retries after 30 s or polls every 10 s
/// run in no time while the client still sees the time pass.
public final class VirtualClock: ClientClock, @unchecked Sendable {
  private let lock = NSLock()
  private let start = ContinuousClock.now
  private var elapsed: Duration = .zero
  private var sleeps: [Duration] = []

  /// Makes a clock at time zero.
  public init() {}

  public var now: ContinuousClock.Instant { lock.withLock { start + elapsed } }

  /// How far the clock has moved.
  public var advanced: Duration { lock.withLock { elapsed } }

  /// Every sleep asked for, in order.
  public var slept: [Duration] { lock.withLock { sleeps } }

  public func sleep(for duration: Duration) async throws {
    try Task.checkCancellation()
    lock.withLock {
      elapsed += max(duration, .zero)
      sleeps.append(duration)
    }
    await Task.yield()
  }
}

/// A transport that answers from a function of the request, counting the calls: a server whose every answer the
/// test decides.
public final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
  private let lock = NSLock()
  private var sent: [HTTPRequest] = []
  private let answer: @Sendable (_ request: HTTPRequest, _ index: Int) -> HTTPResponse

  /// Makes a transport that answers request number `index` (from 0, token requests included) with `answer`.
  public init(answer: @escaping @Sendable (_ request: HTTPRequest, _ index: Int) -> HTTPResponse) {
    self.answer = answer
  }

  /// The requests received so far.
  public var requests: [HTTPRequest] { lock.withLock { sent } }

  public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
    let index = lock.withLock {
      sent.append(request)
      return sent.count - 1
    }
    return answer(request, index)
  }
}
