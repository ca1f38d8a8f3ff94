public import Foundation

/// One logical API call: the pipeline turns it into one or more HTTP attempts.
struct V2Call: Sendable {
  /// How a failure whose outcome is unknown may be retried.
  enum Replay: Sendable {
    /// Safe to send again (GET, PUT upsert, bulk DELETE): retry on 5xx and lost connections.
    case idempotent
    /// Not safe to resend blindly: before a replay, ask `check` whether the first attempt took effect;
    /// it returns the response to use if so.
    case checkFirst(check: @Sendable () async throws -> HTTPResponse?)
    /// Sent again only when it certainly never reached the server (a refused connection).
    case never
  }

  var operation: String
  var method: String
  var url: URL
  var body: [UInt8]?
  var expected: Set<Int>
  var replay: Replay = .idempotent
  /// A bulk submission takes one of the client's bulk slots and may meet bulkOperationsConcurrencyLimitReached.
  var isBulkSubmission = false
  /// How many items a bulk body carries.
  var itemCount: Int?
  /// What a dry run answers in the server's place (see ``V2Request/dryRunAnswer``); by default the first expected
  /// status with an empty body.
  var dryRunAnswer: HTTPResponse?

  var isWrite: Bool { method != "GET" && method != "HEAD" }

  /// The request as it will be sent, without the token.
  var request: V2Request {
    var headers: [(name: String, value: String)] = [
      (V2Client.versionHeader.name, V2Client.versionHeader.value), ("Accept", "application/json"),
    ]
    if body != nil { headers.append(("Content-Type", "application/json")) }
    return V2Request(
      operation: operation, method: method, url: url, headers: headers, body: body, itemCount: itemCount,
      dryRunAnswer: dryRunAnswer ?? HTTPResponse(status: expected.min() ?? 200))
  }
}
