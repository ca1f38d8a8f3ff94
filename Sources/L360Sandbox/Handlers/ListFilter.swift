import L360JSON
import L360Schema

/// The `name[operator]=value` filters of a list request, applied to the items the list answers.
///
/// Only the filters the operation declares in the spec count (read from ``OperationIndex``); any other query item
/// is ignored, as the lists take no other. Operators: `eq`, `ne`, `in`, `nin` compare text (a list field matches
/// when any element does); `lt` and `gte` compare dates by the instant they name (`...00Z`, `...00.000Z` and
/// `...02:00+02:00` alike), and any other text by its characters.
struct ListFilter {
  struct Condition {
    var field: String
    var op: String
    var values: [String]
  }

  private(set) var conditions: [Condition] = []

  /// The conditions of `query` that `declared` names; `fields` renames a filter to the item field it reads
  /// (`sessionId` reads `_id`).
  init(query: [(name: String, value: String)], declared: [QueryParameter], fields: [String: String] = [:]) {
    var byKey: [String: Int] = [:]
    for (name, value) in query {
      // `status[in]`, `status[in][]` and `status[in][0]` all name the `in` list of `status`.
      guard case (let base, let op?) = OperationIndex.queryItem(name),
        let parameter = declared.first(where: { $0.name == base }), parameter.operators.contains(op)
      else { continue }
      // A list is the repeated item (`a[in]=x&a[in]=y`), as the API's query parser reads it; a comma is text.
      let key = base + "[" + op + "]"
      if let index = byKey[key] {
        conditions[index].values.append(value)
      } else {
        byKey[key] = conditions.count
        conditions.append(Condition(field: fields[base] ?? base, op: op, values: [value]))
      }
    }
  }

  /// True when `item` meets every condition.
  func matches(_ item: JSONValue) -> Bool {
    conditions.allSatisfy { condition in
      let held = Self.texts(item[condition.field])
      // A repeated single-value filter (`a[eq]=x&a[eq]=y`) counts once, by its first value.
      let first = condition.values[0]
      switch condition.op {
      case "eq": return held.contains(first)
      case "ne": return !held.contains(first)
      case "in": return condition.values.contains(where: held.contains)
      case "nin": return !condition.values.contains(where: held.contains)
      case "lt": return held.contains { Self.order($0, first) < 0 }
      case "gte": return held.contains { Self.order($0, first) >= 0 }
      default: return true
      }
    }
  }

  /// -1, 0 or 1: two dates by their instants, anything else by its characters.
  private static func order(_ a: String, _ b: String) -> Int {
    if let x = dateTimeSeconds(a), let y = dateTimeSeconds(b) { return x < y ? -1 : x == y ? 0 : 1 }
    return a < b ? -1 : a == b ? 0 : 1
  }

  /// A field as the texts a filter compares: a string, a number or a boolean as written, a list's elements.
  private static func texts(_ value: JSONValue?) -> [String] {
    switch value {
    case .string(let text)?: [text]
    case .bool(let flag)?: [flag ? "true" : "false"]
    case .number(let number)?: [number.text]
    case .array(let elements)?: elements.flatMap { texts($0) }
    default: []
    }
  }
}
