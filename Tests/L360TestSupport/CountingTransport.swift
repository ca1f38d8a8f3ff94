import Foundation
import L360Client

/// A transport that forwards to AsyncHTTPClient and remembers every request it sent.
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
  private let inner = AsyncHTTPClientTransport()
  private let lock = NSLock()
  private var sent: [HTTPRequest] = []

  /// Makes an empty recorder.
  public init() {}

  /// The requests sent so far, in order.
  public var requests: [HTTPRequest] { lock.withLock { sent } }

  public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
    lock.withLock { sent.append(request) }
    return try await inner.send(request)
  }
}
