import Foundation
import L360JSON
import OrderedCollections

extension V2Client {
  /// GETs `path` and every following page (`Link: <url>; rel="next"`), concatenating the arrays.
  ///
  /// Next-page URLs may be relative or absolute; they must stay on the API's origin, because they
  /// are sent with our token.
  func listAll(_ path: String, query: [(String, String)] = [], operation: String) async throws -> [JSONValue] {
    var next: URL? = url(path, query: query)
    var items: [JSONValue] = []
    var pages = 0
    while let pageURL = next {
      let response = try await perform(V2Call(operation: operation, method: "GET", url: pageURL, expected: [200]))
      guard case .array(let page) = try json(response, operation: operation) else {
        throw UnexpectedResponseError(operation: operation, detail: "a list page that is not a JSON array")
      }
      items.append(contentsOf: page)
      pages += 1
      next = LinkHeader.next(in: response.header("Link"), relativeTo: pageURL)
      if let candidate = next, !configuration.server.isSameOrigin(candidate) {
        throw UnexpectedResponseError(
          operation: operation,
          detail:
            "the next-page link points to another server (\(candidate.host ?? "?")); not following it with our token")
      }
      if pages > 100_000 { throw UnexpectedResponseError(operation: operation, detail: "more than 100000 pages") }
    }
    return items
  }
}
