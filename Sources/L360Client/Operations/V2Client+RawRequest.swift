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
    let startsOperation = OperationIndex.matching(path: path).contains {
      $0.operation.method == method && $0.operation.answersWithLocation
    }
    // GET, PUT and DELETE are idempotent by HTTP's rules; POST and PATCH are sent once per call.
    let response = try await perform(
      V2Call(
        operation: "request \(method) \(path)", method: method, url: url(path, query: query),
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
}
