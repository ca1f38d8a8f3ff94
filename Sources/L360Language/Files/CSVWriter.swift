import Foundation
import L360JSON
import OrderedCollections

/// Writes objects as CSV the way l360 reads CSV back (``ItemReader``): a header row of dotted paths
/// (`sources.0.name`), nested objects and arrays of objects spread over columns, arrays of plain values joined with
/// `;`, and quoting as RFC 4180 says. So `save $job.errors to failed.csv` gives a file a spreadsheet opens and
/// `courses upsert from failed.csv` sends again.
enum CSVWriter {
  /// Why a value cannot be a CSV file.
  struct Refusal: Error {
    let message: String
  }

  /// The CSV text of `rows`, each an object; columns in the order their paths first appear.
  static func text(_ rows: [JSONValue]) throws(Refusal) -> String {
    var columns = OrderedSet<String>()
    var flattened: [[String: String]] = []
    // A set: a million rows with `sources: []` name the same path a million times.
    var emptyArrays = OrderedSet<String>()
    flattened.reserveCapacity(rows.count)
    for (index, row) in rows.enumerated() {
      guard case .object = row else {
        throw Refusal(message: "a .csv file holds one object per row; item \(index + 1) is \(kind(of: row))")
      }
      var cells: [String: String] = [:]
      flatten(row, at: "", into: &cells, columns: &columns, emptyArrays: &emptyArrays)
      flattened.append(cells)
    }
    // An empty list needs a column of its own only when no other row spreads that list over columns: the reader
    // makes empty `sources.0.name` cells an empty list, but a `sources` column beside them would overwrite a full one.
    for path in emptyArrays where !columns.contains(where: { $0.hasPrefix(path + ".") }) { columns.append(path) }
    var text = columns.map(quoted).joined(separator: ",") + "\r\n"
    for cells in flattened {
      text += columns.map { quoted(cells[$0] ?? "") }.joined(separator: ",") + "\r\n"
    }
    return text
  }

  private static func flatten(
    _ value: JSONValue, at path: String, into cells: inout [String: String], columns: inout OrderedSet<String>,
    emptyArrays: inout OrderedSet<String>
  ) {
    func leaf(_ text: String) {
      columns.append(path)
      cells[path] = text
    }
    func child(_ name: String) -> String { path.isEmpty ? name : path + "." + name }
    switch value {
    case .object(let members):
      if members.isEmpty, !path.isEmpty { return leaf("") }
      for (name, member) in members {
        flatten(member, at: child(name), into: &cells, columns: &columns, emptyArrays: &emptyArrays)
      }
    case .array(let elements) where elements.isEmpty:
      emptyArrays.append(path)
    case .array(let elements):
      if elements.allSatisfy({ $0.objectValue == nil && $0.arrayValue == nil }) {
        leaf(elements.map(plain).joined(separator: ";"))
      } else {
        for (index, element) in elements.enumerated() {
          flatten(element, at: child(String(index)), into: &cells, columns: &columns, emptyArrays: &emptyArrays)
        }
      }
    default:
      leaf(plain(value))
    }
  }

  private static func plain(_ value: JSONValue) -> String {
    switch value {
    case .string(let text): text
    case .null: ""
    default: JSONWriter.compact(value)
    }
  }

  private static func quoted(_ cell: String) -> String {
    let needsQuotes =
      cell.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } || cell.first == " " || cell.last == " "
    guard needsQuotes else { return cell }
    return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  private static func kind(of value: JSONValue) -> String {
    switch value {
    case .array: "a list"
    case .string: "a string"
    case .number: "a number"
    case .bool: "a boolean"
    case .null: "null"
    case .object: "an object"
    }
  }
}
