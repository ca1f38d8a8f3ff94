import Foundation
public import L360JSON
import L360Schema
import OrderedCollections

/// The answer to a raw request: status, headers and the body parsed as JSON when it is JSON.
public struct RawResponse: Sendable {
  /// The HTTP status.
  public var status: Int
  /// The response headers.
  public var headers: [(name: String, value: String)]
  /// The body as JSON; a non-JSON body becomes a string, an empty body null.
  public var body: JSONValue
}

extension V2Client {
  /// Sends any v2 request through the same pipeline (auth, version header, pacing, retries) and returns whatever the API answered, error statuses included.
  ///
  /// The escape hatch to endpoints l360 has no command for.
  public func rawRequest(method: String, path: String, query: [(String, String)] = [], body: JSONValue? = nil)
    async throws
    -> RawResponse
  {
    let method = method.uppercased()
    guard path.hasPrefix("/") else {
      throw InputValidationError(
        operation: "request", problems: ["path must start with '/', like /api/v2/integrations"])
    }
    let all = Set(100..<600)
    let (plainPath, pathQuery) = Self.split(path)
    let startsOperation = OperationIndex.matching(path: plainPath).contains {
      $0.operation.method == method && $0.operation.answersWithLocation
    }
    // GET, PUT and DELETE are idempotent by HTTP's rules; POST and PATCH are sent once per call.
    let response = try await perform(
      V2Call(
        operation: "request \(method) \(path)", method: method, url: url(plainPath, query: pathQuery + query),
        body: body.map(JSONWriter.compactBytes),
        expected: ["POST", "PATCH"].contains(method) ? all : all.subtracting([429, 500, 502, 503, 504]),
        replay: ["POST", "PATCH"].contains(method) ? .never : .idempotent,
        // Any endpoint that answers with a Location is a bulk submission: its items are counted for progress.
        itemCount: startsOperation ? body?["input"]?.arrayValue?.count : nil,
        // A dry run does not send a write, so there is no status to report: 0 says so.
        dryRunAnswer: HTTPResponse(status: 0)))
    let parsed: JSONValue =
      response.body.isEmpty
      ? .null
      : ((try? JSONParser.parse(bytes: response.body)) ?? .string(String(decoding: response.body, as: UTF8.self)))
    return RawResponse(status: response.status, headers: response.headers, body: parsed)
  }

  /// A path as typed (`/api/v2/courses?type[eq]=elearning standard`, `.../courses/a%2Fb`) cut into its path, each
  /// segment percent-encoded once (what is already encoded stays as it is), and its decoded query items, so the URL
  /// says exactly what was meant whether the user typed a space, `%20` or a bracket.
  public static func split(_ typed: String) -> (path: String, query: [(String, String)]) {
    let mark = typed.firstIndex(of: "?") ?? typed.endIndex
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove("/")
    let path = typed[..<mark].split(separator: "/", omittingEmptySubsequences: false).map { segment in
      let decoded = String(segment).removingPercentEncoding ?? String(segment)
      return decoded.addingPercentEncoding(withAllowedCharacters: allowed) ?? decoded
    }.joined(separator: "/")
    guard mark < typed.endIndex else { return (path, []) }
    let query = typed[typed.index(after: mark)...].split(separator: "&").map { pair -> (String, String) in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
        String($0).removingPercentEncoding ?? String($0)
      }
      return (parts[0], parts.count > 1 ? parts[1] : "")
    }
    return (path, query)
  }
}
