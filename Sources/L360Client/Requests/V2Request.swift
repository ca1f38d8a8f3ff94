public import Foundation
import L360JSON

/// A request exactly as the client will send it, minus the access token: a value to show, check or hold back.
///
/// Every call the client makes is built as one of these before anything leaves, so a dry run prints the very
/// request a real run would send, and a ``RequestGate`` can refuse it.
public struct V2Request: Sendable, CustomStringConvertible {
  /// The operation in words ("integration create"), for messages.
  public var operation: String
  /// The HTTP method ("GET", "POST", ...).
  public var method: String
  /// The absolute URL, query included.
  public var url: URL
  /// The headers sent, except `Authorization` (a secret, added at send time).
  public var headers: [(name: String, value: String)]
  /// The body, compact JSON.
  public var body: [UInt8]?
  /// How many items a bulk body carries; nil for other requests.
  public var itemCount: Int?
  /// What the caller receives in a dry run, where a write is not sent: shaped like the real answer, with
  /// placeholder ids, so the code that made the request goes on as it would.
  public var dryRunAnswer: HTTPResponse

  /// True for every method that may change something on the server.
  public var isWrite: Bool { method != "GET" && method != "HEAD" }

  /// True for deletions, archives and removals: in the v2 API, every DELETE.
  public var isDestructive: Bool { method == "DELETE" }

  /// `METHOD URL [BODY]`: the request on one line; a bulk body is summarised by its item count and first item.
  public var description: String {
    var text = "\(method) \(url.absoluteString)"
    guard let body, !body.isEmpty else { return text }
    if let itemCount, itemCount > 1, let parsed = try? JSONParser.parse(bytes: body),
      let first = parsed["input"]?.arrayValue?.first
    {
      text += " with \(itemCount) items; first item: \(JSONWriter.compact(first))"
    } else {
      text += " " + String(decoding: body, as: UTF8.self)
    }
    return text
  }
}

/// Decides, just before a request leaves, whether it goes: the one place where dry runs and guardrails act.
///
/// ``V2Client/gated(by:)`` installs one. Reads go through every gate; for a write, a gate may answer in the
/// server's place (a dry run), ask first, or refuse by throwing.
public protocol RequestGate: Sendable {
  /// Returns the answer to use instead of sending `request`, or nil to send it; throws to refuse it.
  func admit(_ request: V2Request) async throws -> HTTPResponse?
}
