import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The production transport: AsyncHTTPClient, with TLS verification always on.
public struct AsyncHTTPClientTransport: HTTPTransport {
  /// The largest response body read (bulk results can be tens of megabytes).
  public var maxResponseBytes: Int
  private let client: HTTPClient

  /// One process-wide client, never shut down (so there is nothing to close).
  ///
  /// Unlike `HTTPClient.shared` it fails a refused connection at once instead of retrying until the deadline, because
  /// ``V2Client`` owns retries (bounded, counted, with backoff), and it never follows redirects, so a token is never
  /// forwarded to another host.
  private static let client: HTTPClient = {
    var configuration = HTTPClient.Configuration(
      redirectConfiguration: .disallow,
      timeout: .init(connect: .seconds(10), read: .seconds(120)))
    configuration.connectionPool.retryConnectionEstablishment = false
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
  }()

  /// Makes the transport.
  public init(maxResponseBytes: Int = 512 << 20) {
    self.maxResponseBytes = maxResponseBytes
    self.client = Self.client
  }

  public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
    var outgoing = HTTPClientRequest(url: request.url.absoluteString)
    outgoing.method = HTTPMethod(rawValue: request.method)
    for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
    if let body = request.body {
      outgoing.body = .bytes(ByteBuffer(bytes: body))
    }
    let (seconds, attoseconds) = request.timeout.components
    let deadline = NIODeadline.now() + .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    var sent = false
    do {
      let response = try await client.execute(outgoing, deadline: deadline)
      sent = true
      let buffer = try await response.body.collect(upTo: maxResponseBytes)
      return HTTPResponse(
        status: Int(response.status.code),
        headers: response.headers.map { ($0.name, $0.value) },
        body: Array(buffer.readableBytesView)
      )
    } catch is CancellationError {
      throw CancellationError()
    } catch {
      let host = request.url.host ?? "the server"
      if let tls = Self.describeTLS(error, host: host) {
        throw TransportError(reason: tls, requestMayHaveBeenSent: false, kind: .tls)
      }
      if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout {
        throw TransportError(
          reason:
            "no answer from \(host) within \(Self.seconds(request.timeout)) (the connection was open, but nothing came)",
          requestMayHaveBeenSent: true, kind: .noAnswer)
      }
      throw TransportError(reason: Self.describe(error), requestMayHaveBeenSent: sent || Self.mayHaveBeenSent(error))
    }
  }

  private static func seconds(_ duration: Duration) -> String {
    let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    return seconds >= 1 && seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
  }

  /// A TLS failure in one line a person can act on, or nil when `error` is not one. BoringSSL's own text is long
  /// and cryptic ("handshakeFailed(sslError([Error: 268435581 error:1000007d:SSL routines:...]))").
  static func describeTLS(_ error: any Error, host: String) -> String? {
    let text: String
    switch error {
    case let error as NIOSSLError: text = String(describing: error)
    case let error as BoringSSLError: text = String(describing: error)
    case let error as NIOSSLExtraError:
      if error == .failedToValidateHostname {
        return "TLS with \(host) failed: its certificate is for another host name; check the base URL"
      }
      text = String(describing: error)
    default: return nil
    }
    let upper = text.uppercased()
    let why: String
    if upper.contains("CERTIFICATE_VERIFY_FAILED") || upper.contains("CERTIFICATE VERIFY FAILED") {
      why = "its certificate is not trusted (self-signed, expired, or signed by an unknown authority)"
    } else if upper.contains("WRONG_VERSION_NUMBER") || upper.contains("WRONG VERSION NUMBER") {
      why = "it does not speak TLS on this port (should the URL start with http://?)"
    } else {
      why = "the TLS handshake failed"
    }
    return "TLS with \(host) failed: \(why); l360 never skips certificate checks"
  }

  /// Only a failure to connect proves the request never left.
  private static func mayHaveBeenSent(_ error: any Error) -> Bool {
    if let error = error as? HTTPClientError {
      return !(error == .connectTimeout || error == .invalidURL || error == .emptyHost)
    }
    if error is NIOConnectionError { return false }
    if let io = error as? IOError, io.errnoCode == ECONNREFUSED { return false }
    if let channel = error as? ChannelError, case .connectTimeout = channel { return false }
    return true
  }

  private static func describe(_ error: any Error) -> String {
    if let error = error as? HTTPClientError {
      switch error {
      case .remoteConnectionClosed: return "the server closed the connection before answering"
      case .deadlineExceeded, .readTimeout: return "the request timed out"
      case .connectTimeout: return "timed out connecting to the server"
      default: return "\(error)"
      }
    }
    if let error = error as? NIOConnectionError {
      // A typo in --base-url fails here: say so rather than blame the network.
      if error.connectionErrors.isEmpty && (error.dnsAError != nil || error.dnsAAAAError != nil) {
        return "could not resolve the host name \(error.host)"
      }
      return "could not connect to \(error.host):\(error.port) (connection refused or unreachable)"
    }
    if let io = error as? IOError, io.errnoCode == ECONNREFUSED { return "connection refused" }
    return "\(error)"
  }
}
