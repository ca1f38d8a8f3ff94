import Foundation
import L360Client
import L360JSON
import L360Schema
import OrderedCollections

/// `request METHOD PATH [body=EXPRESSION] [query=EXPRESSION]`: any v2 call through the same client.
struct RequestCommand: LanguageCommand {
  static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]

  static let declaration = CommandDeclaration(
    ["request"], forms: [Form(.value("method", .choice(methods)), .value("path", .text))],
    keys: [
      KeyDeclaration("body", .expression, "the JSON body"),
      KeyDeclaration("query", .expression, "an object of query parameters"),
      KeyDeclaration(
        "unchecked", .bool,
        "true sends the request as written, without checking it against the API's operations: for an endpoint newer than this l360"
      ),
    ],
    // It may send anything, so it is held to the strictest rules: a DELETE asks first off the sandbox.
    effect: .destructive,
    summary:
      "Send any v2 request through the same client (auth, version header, retries); returns {status, headers, body}. The path, its ids and the query are checked against the API's operations first; 'help request GET /api/v2/users' explains one.",
    example: "request GET /api/v2/integrations")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let method = try await arguments.required("method")
    let path = try await arguments.required("path")
    var query: [(String, String)] = []
    if let value = try await arguments.value("query") {
      guard case .object(let members) = value else {
        throw arguments.fail(
          "query= must be an object like {\"status[eq]\": \"running\"} (a list repeats the item: {\"pathId[in]\": [A, B]})",
          at: "query")
      }
      // A list is the repeated item (`{"pathId[in]": ["a", "b"]}` sends pathId[in]=a&pathId[in]=b).
      query = members.flatMap { member -> [(String, String)] in
        if case .list(let values) = member.value { return values.map { (member.key, $0.displayText) } }
        return [(member.key, member.value.displayText)]
      }
    }
    let body = try await arguments.value("body")?.json
    // Checked against the API's operations before anything is sent: a typo in a path, an id or a filter is said
    // here, with the closest name, instead of coming back as a 404 or an empty list.
    // The query typed in the path is read as the client will send it.
    let (plainPath, typedQuery) = V2Client.split(path)
    let checked = typedQuery + query
    let unchecked = try await arguments.bool("unchecked") ?? false
    if !unchecked,
      let problem = OperationIndex.problem(
        method: method, path: plainPath, query: checked.map { (name: $0.0, value: $0.1) })
    {
      // The index is transcribed from the specs of this release; an endpoint the API added since is not in it.
      let known = OperationIndex.matching(path: plainPath).contains { $0.operation.method == method }
      let hint =
        known || !plainPath.hasPrefix("/api/v2/")
        ? "" : "; for an endpoint newer than this l360, unchecked=true sends it as written"
      throw arguments.fail(
        "\(problem)\(hint); nothing was sent", at: query.isEmpty || !problem.contains("query") ? "path" : "query")
    }
    let response = try await context.client().rawRequest(method: method, path: path, query: query, body: body)
    var headers = OrderedDictionary<String, Value>()
    for (name, value) in response.headers { headers[name.lowercased()] = .string(value) }
    return .object([
      "status": .number(JSONNumber(response.status)), "headers": .object(headers), "body": Value(response.body),
    ])
  }
}
