import Foundation
import L360JSON

extension SandboxState {
  /// One page of `items` with a `Link: <...>; rel="next"` header when more remain.
  ///
  /// The cursor (`next` query item) carries the offset and the original filters, as the API's does,
  /// so the next-page URL needs nothing re-added.
  func page(_ items: [JSONValue], pageSize: Int, path: String, filters: [(name: String, value: String)], offset: Int)
    -> SandboxResponse
  {
    let start = min(offset, items.count)
    let end = min(start + pageSize, items.count)
    var headers: [(name: String, value: String)] = []
    if end < items.count {
      let cursor = PageCursor(offset: end, filters: filters).encoded
      let relative = "\(path)?next=\(cursor)"
      let target = configuration.absoluteLinks ? "http://\(configuration.host):\(boundPort)\(relative)" : relative
      headers.append(("Link", "<\(target)>; rel=\"next\""))
    }
    return .json(200, .array(Array(items[start..<end])), headers: headers)
  }

  /// The offset and filters of a request: from its `next` cursor when present, else from its query.
  func cursor(of request: SandboxRequest) -> PageCursor? {
    if let next = request.queryValue("next") { return PageCursor(decoding: next) }
    return PageCursor(offset: 0, filters: request.query)
  }
}

/// A pagination cursor: where the next page starts and the filters of the first request.
struct PageCursor {
  var offset: Int
  var filters: [(name: String, value: String)]

  var encoded: String {
    var text = String(offset)
    for (name, value) in filters { text += "\n\(name)=\(value)" }
    return Data(text.utf8).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }

  init(offset: Int, filters: [(name: String, value: String)]) {
    self.offset = offset
    self.filters = filters
  }

  init?(decoding token: String) {
    var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard let first = lines.first, let offset = Int(first), offset >= 0 else { return nil }
    self.offset = offset
    self.filters = lines.dropFirst().map { line in
      let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }
  }
}
