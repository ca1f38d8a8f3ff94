import Foundation
import L360JSON

/// A request as the sandbox's logic sees it, independent of the HTTP server.
public struct SandboxRequest: Sendable {
  /// Upper-case method.
  public var method: String
  /// The path without the query ("/api/v2/integrations").
  public var path: String
  /// Decoded query items, in order.
  public var query: [(name: String, value: String)]
  /// Header fields; names compared case-insensitively.
  public var headers: [(name: String, value: String)]
  /// The raw body.
  public var body: [UInt8]

  /// Makes a request.
  public init(
    method: String, path: String, query: [(name: String, value: String)] = [],
    headers: [(name: String, value: String)] = [], body: [UInt8] = []
  ) {
    self.method = method
    self.path = path
    self.query = query
    self.headers = headers
    self.body = body
  }

  /// The first value of header `name`.
  public func header(_ name: String) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }

  /// The first value of query item `name`.
  public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

  /// Splits a raw query string ("a%5Beq%5D=b&c=d") into decoded items.
  public static func parseQuery(_ raw: String?) -> [(name: String, value: String)] {
    guard let raw, !raw.isEmpty else { return [] }
    return raw.split(separator: "&").map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decode(_ s: Substring) -> String {
        String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
      }
      return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
    }
  }
}

/// What the sandbox answers: a status, headers and a body, or a dropped connection.
public struct SandboxResponse: Sendable {
  /// The status code.
  public var status: Int
  /// Header fields.
  public var headers: [(name: String, value: String)]
  /// The body bytes.
  public var body: [UInt8]
  /// Close the connection without answering (an injected network fault).
  public var dropConnection: Bool
  /// How long the answer is held back after the request was processed (``FaultSettings/writeAnswerDelay``).
  public var delay: Duration = .zero

  init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], dropConnection: Bool = false) {
    self.status = status
    self.headers = headers
    self.body = body
    self.dropConnection = dropConnection
  }

  static func json(_ status: Int, _ value: JSONValue, headers: [(name: String, value: String)] = []) -> SandboxResponse
  {
    SandboxResponse(
      status: status, headers: [("Content-Type", "application/json")] + headers, body: JSONWriter.compactBytes(value))
  }

  /// `{"error":{"code":...,"message":...}}`, the API's usual error envelope.
  static func error(_ status: Int, _ code: String, _ message: String) -> SandboxResponse {
    json(status, ["error": ["code": .string(code), "message": .string(message)]])
  }

  /// `{"error":"..."}`, the bare-string shape of 401, core 429 and the token endpoint.
  static func bareError(_ status: Int, _ code: String) -> SandboxResponse {
    json(status, ["error": .string(code)])
  }

  static let dropped = SandboxResponse(status: 0, dropConnection: true)
}

/// A request the sandbox received and what it answered, kept when ``SandboxConfiguration/recordRequests`` is on.
public struct RecordedRequest: Sendable {
  /// The request.
  public let request: SandboxRequest
  /// The answer (status 0 and `dropConnection` for a dropped connection).
  public let response: SandboxResponse
}
