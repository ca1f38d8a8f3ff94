import L360Client
import L360JSON
import OrderedCollections

/// `request METHOD PATH [body=EXPRESSION] [query=EXPRESSION]`: any v2 call through the same client.
struct RequestCommand: LanguageCommand {
  static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]

  static let declaration = CommandDeclaration(
    ["request"], forms: [Form(.value("method", .choice(methods)), .value("path", .text))],
    keys: [
      KeyDeclaration("body", .expression, "the JSON body"),
      KeyDeclaration("query", .expression, "an object of query parameters"),
    ],
    // It may send anything, so it is held to the strictest rules: a DELETE asks first off the sandbox.
    effect: .destructive,
    summary:
      "Send any v2 request through the same client (auth, version header, retries); returns {status, headers, body}.",
    example: "request GET /api/v2/integrations")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let method = try await arguments.required("method")
    let path = try await arguments.required("path")
    var query: [(String, String)] = []
    if let value = try await arguments.value("query") {
      guard case .object(let members) = value else {
        throw arguments.fail("query= must be an object like {\"status[eq]\": \"running\"}", at: "query")
      }
      query = members.map { ($0.key, $0.value.displayText) }
    }
    let body = try await arguments.value("body")?.json
    let response = try await context.client().rawRequest(method: method, path: path, query: query, body: body)
    var headers = OrderedDictionary<String, Value>()
    for (name, value) in response.headers { headers[name.lowercased()] = .string(value) }
    return .object([
      "status": .number(JSONNumber(response.status)), "headers": .object(headers), "body": Value(response.body),
    ])
  }
}
