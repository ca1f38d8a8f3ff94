import Foundation

/// One operation of the v2 API as the official specs describe it: its method and path template, parameters, page
/// size, and whether it answers 202 with a `Location` to poll. The list is ``OperationIndex/operations``.
public struct APIOperation: Sendable {
  /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
  public let method: String
  /// The path template (`/api/v2/groups/{groupId}/catalog/{contentType}-ids`).
  public let path: String
  /// What it does, in a few words (the operation id's verb phrase).
  public let summary: String
  /// The parameters in the path, in order.
  public let pathParameters: [PathParameter]
  /// The query parameters it takes.
  public let queryParameters: [QueryParameter]
  /// The items per page of a list; nil when it is not a list.
  public let pageSize: Int?
  /// True for a bulk submission: 202 Accepted with a `Location` to poll (`await` it).
  public let answersWithLocation: Bool

  init(
    _ method: String, _ path: String, _ summary: String, path pathParameters: [PathParameter] = [],
    query: [QueryParameter] = [], pageSize: Int? = nil, answersWithLocation: Bool = false
  ) {
    self.method = method
    self.path = path
    self.summary = summary
    self.pathParameters = pathParameters
    self.queryParameters = query
    self.pageSize = pageSize
    self.answersWithLocation = answersWithLocation
  }
}

/// A `{name}` in a path template, and what it accepts.
public struct PathParameter: Sendable {
  /// Its name (`groupId`).
  public let name: String
  /// What it accepts.
  public let kind: Kind

  /// What a path parameter accepts.
  public enum Kind: Sendable, Equatable {
    /// A 24-character hexadecimal id.
    case objectId
    /// One of these values.
    case oneOf([String])
    /// Any text.
    case text
    /// A number.
    case number
  }

  init(_ name: String, _ kind: Kind) {
    self.name = name
    self.kind = kind
  }
}

/// A query parameter: `name=value`, or a filter `name[op]=value` with the operators it allows.
public struct QueryParameter: Sendable {
  /// Its name (`status`).
  public let name: String
  /// The filter operators of `name[op]=` (`eq`, `ne`, `lt`, ...); empty for a plain `name=value`.
  public let operators: [String]
  /// The values it allows (for a filter, those of `eq`); empty when any is allowed.
  public let values: [String]

  init(_ name: String, operators: [String], values: [String]) {
    self.name = name
    self.operators = operators
    self.values = values
  }

  /// How it is written: `status[eq|ne]`, or `sendInvitationEmail`.
  public var usage: String { operators.isEmpty ? name : "\(name)[\(operators.joined(separator: "|"))]" }
}

/// The whole v2 API as data, to check a `request` before it is sent, to explain an operation (`help`) and to
/// complete paths at the prompt.
public enum OperationIndex {
  /// Each operation's template split into segments once: every sandbox request, `request` check and Tab matches a
  /// path against all of them.
  static let templates = operations.map { $0.path.split(separator: "/").map(String.init) }

  /// The operations whose template fits `path` (no query string), the most literal first, with each parameter's
  /// value from the path.
  public static func matching(path: String) -> [(operation: APIOperation, values: [String: String])] {
    let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    var found: [(operation: APIOperation, values: [String: String], literals: Int)] = []
    for (index, operation) in operations.enumerated() {
      let template = templates[index]
      guard template.count == segments.count else { continue }
      var values: [String: String] = [:]
      var literals = 0
      var fits = true
      for (pattern, segment) in zip(template, segments) {
        if let (prefix, name, suffix) = parameter(in: pattern) {
          guard segment.count > prefix.count + suffix.count, segment.hasPrefix(prefix), segment.hasSuffix(suffix)
          else {
            fits = false
            break
          }
          values[name] = String(segment.dropFirst(prefix.count).dropLast(suffix.count))
        } else if pattern == segment {
          literals += 1
        } else {
          fits = false
          break
        }
      }
      if fits { found.append((operation, values, literals)) }
    }
    let most = found.map(\.literals).max() ?? 0
    return found.filter { $0.literals == most }.map { ($0.operation, $0.values) }
  }

  /// Why `method path` with these query names is not an operation of the API, or nil when it is one.
  ///
  /// An unknown path (with the closest one), a method the path does not take, a malformed id or a value outside a
  /// parameter's set, an unknown query parameter or operator (with the closest), and a value outside a filter's set.
  public static func problem(method: String, path: String, query: [(name: String, value: String)]) -> String? {
    guard path.hasPrefix("/api/v2/") else {
      return "paths of the v2 API start with /api/v2/ (for example /api/v2/users), not \(path.prefix(40))"
    }
    let matches = matching(path: path)
    guard !matches.isEmpty else {
      let templates = Array(Set(operations.map(\.path))).sorted()
      let hint = closest(to: path, among: templates).map { " (did you mean \($0)?)" } ?? ""
      return "no v2 operation has the path \(path)\(hint); 'help request' lists where to look"
    }
    guard let (operation, values) = matches.first(where: { $0.operation.method == method }) else {
      let methods = matches.map(\.operation.method).joined(separator: ", ")
      return "\(matches[0].operation.path) takes \(methods), not \(method)"
    }
    for parameter in operation.pathParameters {
      guard let value = values[parameter.name] else { continue }
      switch parameter.kind {
      case .objectId where !isObjectId(value):
        return "\(parameter.name) in \(operation.path) must be a 24-character hexadecimal id, not \"\(value)\""
      case .oneOf(let allowed) where !allowed.contains(value):
        return "\(parameter.name) in \(operation.path) must be \(allowed.joined(separator: " or ")), not \"\(value)\""
      case .number where Double(value) == nil:
        return "\(parameter.name) in \(operation.path) must be a number, not \"\(value)\""
      default: break
      }
    }
    for (name, value) in query {
      let (base, op) = queryItem(name)
      let known = operation.queryParameters.map(\.name)
      guard let parameter = operation.queryParameters.first(where: { $0.name == base }) else {
        let hint = closest(to: base, among: known).map { " (did you mean '\($0)'?)" } ?? ""
        let takes =
          known.isEmpty
          ? "takes no query parameters"
          : "takes \(operation.queryParameters.map(\.usage).joined(separator: ", "))"
        return "\(method) \(operation.path) has no query parameter '\(base)'\(hint); it \(takes)"
      }
      if let op, !parameter.operators.contains(op) {
        return "\(base) takes \(parameter.usage), not [\(op)]"
      }
      if op == nil, !parameter.operators.isEmpty {
        return
          "\(base) is a filter: write \(base)[\(parameter.operators[0])]=VALUE (operators: \(parameter.operators.joined(separator: ", ")))"
      }
      // A set holds for every operator but the orderings (`in` and `nin` take values of the set too).
      if !parameter.values.isEmpty, op != "lt", op != "gte", !parameter.values.contains(value) {
        return "\(name) must be \(parameter.values.joined(separator: ", ")), not \"\(value)\""
      }
    }
    return nil
  }

  /// What a path typed so far (`/api/v2/gr`) may continue with, one segment at a time, for `method`: literal
  /// segments, and for a parameter the `ids` given (values of the session) or its `{name}`.
  public static func completions(method: String, typed: String, ids: [String] = []) -> [String] {
    let parts = typed.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard parts.first == "" else { return typed.isEmpty ? ["/api/v2/"] : [] }
    let done = Array(parts.dropFirst().dropLast())
    let partial = parts.last ?? ""
    var offered = Set<String>()
    for (index, operation) in operations.enumerated() where operation.method == method {
      let template = templates[index]
      guard template.count > done.count else { continue }
      let fits = zip(template, done).allSatisfy { pattern, segment in
        if let (prefix, _, suffix) = parameter(in: pattern) {
          return segment.count > prefix.count + suffix.count && segment.hasPrefix(prefix) && segment.hasSuffix(suffix)
        }
        return pattern == segment
      }
      guard fits else { continue }
      let next = template[done.count]
      let more = template.count > done.count + 1 ? "/" : ""
      let base = "/" + done.map { $0 + "/" }.joined()
      if let (prefix, name, suffix) = parameter(in: next) {
        let values = ids.isEmpty || parameterKind(operation, name) != .objectId ? ["{\(name)}"] : ids
        for value in values where (prefix + value + suffix).hasPrefix(partial) {
          offered.insert(base + prefix + value + suffix + more)
        }
        if case .oneOf(let allowed) = parameterKind(operation, name) {
          for value in allowed where (prefix + value + suffix).hasPrefix(partial) {
            offered.insert(base + prefix + value + suffix + more)
          }
          offered.remove(base + prefix + "{\(name)}" + suffix + more)
        }
      } else if next.hasPrefix(partial) {
        offered.insert(base + next + more)
      }
    }
    return offered.sorted()
  }

  /// The query items `METHOD path` takes, as they are written: `status[eq]`, `status[ne]`, ..., or `name` for a
  /// parameter without operators. Empty when no operation fits.
  public static func queryItems(method: String, path: String) -> [String] {
    guard let operation = operation(method: method, path: path) else { return [] }
    return operation.queryParameters.flatMap { parameter in
      parameter.operators.isEmpty ? [parameter.name] : parameter.operators.map { "\(parameter.name)[\($0)]" }
    }
  }

  /// The query parameter an item such as `status[eq]` or `status[in][]` names, for `METHOD path`.
  public static func queryParameter(method: String, path: String, item: String) -> QueryParameter? {
    let name = queryItem(item).name
    return operation(method: method, path: path)?.queryParameters.first { $0.name == name }
  }

  /// A query item's name read as a filter: `status[in][]` is `status` and `in`; `sendInvitationEmail` has no
  /// operator.
  public static func queryItem(_ item: String) -> (name: String, op: String?) {
    guard let open = item.firstIndex(of: "[") else { return (item, nil) }
    let rest = item[item.index(after: open)...]
    return (String(item[..<open]), String(rest.prefix { $0 != "]" }))
  }

  /// The operation of `METHOD path` (a path without its query), the most literal template first.
  public static func operation(method: String, path: String) -> APIOperation? {
    matching(path: path).first { $0.operation.method == method }?.operation
  }

  /// A path or `METHOD PATH` explained: summary, parameters and paging of each operation it names.
  public static func describe(method: String?, path: String) -> String? {
    let exact = operations.filter { $0.path == path }
    let found = (exact.isEmpty ? matching(path: path).map(\.operation) : exact).filter {
      method == nil || $0.method == method
    }
    guard !found.isEmpty else { return nil }
    return found.map { operation in
      var lines = ["\(operation.method) \(operation.path): \(operation.summary)"]
      for parameter in operation.pathParameters {
        let accepts: String =
          switch parameter.kind {
          case .objectId: "a 24-character hexadecimal id"
          case .oneOf(let values): values.joined(separator: " or ")
          case .text: "text"
          case .number: "a number"
          }
        lines.append("  {\(parameter.name)}: \(accepts)")
      }
      if !operation.queryParameters.isEmpty {
        lines.append("  query:")
        for parameter in operation.queryParameters {
          let values = parameter.values.isEmpty ? "" : " (\(parameter.values.joined(separator: ", ")))"
          lines.append("    \(parameter.usage)\(values)")
        }
      }
      if let size = operation.pageSize {
        lines.append("  paging: \(size) per page; the answer's Link header (headers.link) names the next page")
      }
      if operation.answersWithLocation {
        lines.append("  answers 202 with a Location: 'await' the result to poll it and read every item's outcome")
      }
      return lines.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }

  /// `prefix{name}suffix` in a template segment.
  static func parameter(in segment: String) -> (prefix: String, name: String, suffix: String)? {
    guard let open = segment.firstIndex(of: "{"), let close = segment.firstIndex(of: "}"), open < close else {
      return nil
    }
    return (
      String(segment[..<open]), String(segment[segment.index(after: open)..<close]),
      String(segment[segment.index(after: close)...])
    )
  }

  private static func parameterKind(_ operation: APIOperation, _ name: String) -> PathParameter.Kind? {
    operation.pathParameters.first { $0.name == name }?.kind
  }
}
