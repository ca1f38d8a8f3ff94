import Foundation
import L360Schema

/// Completion of a `request`'s query, in both of its forms: after `?` in the path
/// (`/api/v2/users?status[eq]=act`) and inside `query={...}` (`query={"status[eq]": "act`).
///
/// Names come from the operation the path names (`status[eq]`, `createdAt[gte]`, ...), values from the set a
/// parameter has (`active`, `invited`, ...) or, for an id parameter, from the ids the session holds.
extension Completer {
  /// What completes at the cursor when it is in a request's query, or nil when it is not.
  ///
  /// The candidates are computed for the whole query word (which may hold `[`, `]` and `"`, where the line editor
  /// cuts words) and then cut to the part from the line editor's word start, which is what it replaces.
  static func queryCandidates(before: String, wordStart: String.Index, context: CompletionContext) -> [String]? {
    // A `$variable` is completed as anywhere else, whatever it is the value of.
    guard before[wordStart...].first != "$", let (method, path, tail) = requestBeingTyped(before) else { return nil }
    let found: (start: String.Index, candidates: [String])?
    if let open = tail.range(of: "query={", options: .backwards), !tail[open.upperBound...].contains("}") {
      found = objectCandidates(tail[open.upperBound...], method: method, path: path, context: context)
    } else if let mark = tail.firstIndex(of: "?"), !tail.contains(" ") {
      found = pathCandidates(tail[tail.index(after: mark)...], method: method, path: path, context: context)
    } else {
      return nil
    }
    // A nested value (`{"a": [`) is no query item: nothing to offer.
    guard let found else { return [] }
    let typed = String(before[found.start...])
    let fitting = found.candidates.filter { $0.hasPrefix(typed) }
    if found.start > wordStart {
      // The editor's word starts before the item (`=act` after `status[eq]`): what lies between leads each one.
      let lead = String(before[wordStart..<found.start])
      return fitting.map { lead + $0 }.sorted()
    }
    let cut = before[found.start..<wordStart].count
    return fitting.map { String($0.dropFirst(cut)) }.sorted()
  }

  /// The method, the path (without its query) and the text from the path's start to the cursor, when the cursor
  /// is in the path or in the keys of a `request METHOD PATH` of the line.
  private static func requestBeingTyped(_ before: String) -> (String, String, Substring)? {
    guard let command = before.range(of: "request ", options: .backwards) else { return nil }
    var rest = before[command.upperBound...].drop { $0 == " " }
    let method = rest.prefix { $0 != " " }
    rest = rest.dropFirst(method.count)
    guard rest.first == " " else { return nil }
    let tail = rest.drop { $0 == " " }
    let path = tail.prefix { $0 != " " && $0 != "?" }
    guard path.hasPrefix("/"), tail.count > path.count else { return nil }
    return (method.uppercased(), String(path), tail)
  }

  /// `name[op]=` names and `name[op]=value` values after `?` (items joined by `&`).
  private static func pathCandidates(
    _ query: Substring, method: String, path: String, context: CompletionContext
  ) -> (start: String.Index, candidates: [String]) {
    let item = query[(query.lastIndex(of: "&").map(query.index(after:)) ?? query.startIndex)...]
    if let equals = item.firstIndex(of: "=") {
      let valueStart = item.index(after: equals)
      let name = String(item[..<equals])
      // In a path, a space would end the word: it is written %20 (`elearning%20standard`).
      let written = values(method: method, path: path, item: name, context: context).map {
        $0.replacingOccurrences(of: " ", with: "%20")
      }
      return (valueStart, written)
    }
    let used = Set(query.split(separator: "&").compactMap { $0.split(separator: "=").first.map(String.init) })
    let names = OperationIndex.queryItems(method: method, path: path).filter { !used.contains($0) }
    return (item.startIndex, names.map { $0 + "=" })
  }

  /// Names and values inside `query={...}`: a key after `{` or `,`, a value after `:`; quoted or not yet.
  private static func objectCandidates(
    _ object: Substring, method: String, path: String, context: CompletionContext
  ) -> (start: String.Index, candidates: [String])? {
    var inString = false
    var escaped = false
    var afterColon = false
    var text = ""
    var key = ""
    var used: Set<String> = []
    var start = object.startIndex
    for index in object.indices {
      let character = object[index]
      if inString {
        if escaped {
          escaped = false
          text.append(character)
        } else if character == "\\" {
          escaped = true
        } else if character == "\"" {
          inString = false
          if !afterColon {
            key = text
            used.insert(text)
          }
        } else {
          text.append(character)
        }
        continue
      }
      switch character {
      case "\"":
        inString = true
        text = ""
        start = object.index(after: index)
      case ":": afterColon = true
      case ",":
        afterColon = false
        key = ""
      case "{", "[": return nil  // a nested value is not a query item
      case " ", "\t": break
      default: continue
      }
      if character != "\"" { start = object.index(after: index) }
    }
    // Outside a string, the word typed so far starts after the last separator; a candidate opens its quote.
    let quote = inString ? "" : "\""
    if afterColon {
      return (start, values(method: method, path: path, item: key, context: context).map { quote + $0 + "\"" })
    }
    // A name comes with its colon, so the value follows.
    let names = OperationIndex.queryItems(method: method, path: path).filter { !used.contains($0) }
    return (start, names.map { quote + $0 + "\":" })
  }

  /// The values of the query item `item` (`status[eq]`): its set, or the session's ids for an id parameter.
  private static func values(method: String, path: String, item: String, context: CompletionContext) -> [String] {
    guard let parameter = OperationIndex.queryParameter(method: method, path: path, item: item) else { return [] }
    if !parameter.values.isEmpty { return parameter.values }
    return parameter.name.hasSuffix("Id") || parameter.name.hasSuffix("Ids") ? idCandidates(context) : []
  }
}
