public import Foundation

/// One HTTP request as the client hands it to a transport.
public struct HTTPRequest: Sendable {
  /// The method, upper case ("GET", "PUT", ...).
  public var method: String
  /// The absolute URL.
  public var url: URL
  /// Header fields in order; names are case-insensitive.
  public var headers: [(name: String, value: String)]
  /// The body bytes, if any (DELETE may carry one: the bulk API needs it).
  public var body: [UInt8]?
  /// How long the whole exchange may take before it fails as a timeout.
  public var timeout: Duration

  /// Makes a request.
  public init(
    method: String, url: URL, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
    timeout: Duration = .seconds(60)
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.timeout = timeout
  }

}

/// One HTTP response as a transport returns it, with the whole body read.
public struct HTTPResponse: Sendable {
  /// The status code.
  public var status: Int
  /// Header fields in order.
  public var headers: [(name: String, value: String)]
  /// The body bytes.
  public var body: [UInt8]

  /// Makes a response.
  public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

}

/// Something with HTTP header fields: a request or a response.
public protocol HasHeaderFields {
  /// Header fields in order; names are case-insensitive.
  var headers: [(name: String, value: String)] { get }
}

extension HasHeaderFields {
  /// The first value of header `name` (case-insensitive).
  public func header(_ name: String) -> String? {
    headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
  }
}

extension HTTPRequest: HasHeaderFields {}
extension HTTPResponse: HasHeaderFields {}

/// The one seam between the client and the network, so tests can count or fail requests.
public protocol HTTPTransport: Sendable {
  /// Sends `request` and returns the full response, or throws ``TransportError`` (or `CancellationError`).
  func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// A request that got no HTTP answer: refused, reset, timed out, or cut mid-response.
public struct TransportError: Error, Sendable, CustomStringConvertible {
  /// What happened, in a few words ("connection refused", "connection closed before the response").
  public var reason: String
  /// False only when the request certainly never reached the server (for example, the connection was refused).
  ///
  /// A non-idempotent request is not replayed blindly when this is true.
  public var requestMayHaveBeenSent: Bool

  /// What kind of failure it was, which decides whether trying again can help.
  public var kind: Kind

  /// Kinds of transport failure.
  public enum Kind: Sendable, Equatable {
    /// Refused, reset or closed: the network or the server may recover, so it is retried.
    case connection
    /// The connection stayed open but no answer came in time: retried once, since a server that is silent twice
    /// is stuck, not busy.
    case noAnswer
    /// TLS failed (an untrusted certificate, a host name mismatch, a port that does not speak TLS): the same
    /// attempt fails the same way, so it is never retried.
    case tls
  }

  /// Makes a transport error.
  public init(reason: String, requestMayHaveBeenSent: Bool, kind: Kind = .connection) {
    self.reason = reason
    self.requestMayHaveBeenSent = requestMayHaveBeenSent
    self.kind = kind
  }

  public var description: String { reason }
}
