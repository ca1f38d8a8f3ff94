import Foundation
import L360JSON
import L360Schema
import OrderedCollections

/// Items read from an input file, with the line each one starts on when the format tells.
public struct InputItems: Sendable {
  /// The items.
  public var items: [JSONValue]
  /// The 1-based line of each item (JSON Lines and CSV), nil for a JSON document.
  public var lines: [Int]?
}

/// Reads inputs for bulk commands and `read()`: JSON (an array, or an object with `input`),
/// JSON Lines (`.jsonl`, `.ndjson`) and CSV with a header row (`.csv`).
///
/// CSV conventions: a dotted header nests (`translations.0.lang`, `sources.0.name`); a cell of an
/// array-of-strings field splits on `;` (`subjects` = `sales;negotiation`); integer and boolean
/// fields are converted; an empty cell of an array field is `[]`, any other empty cell leaves the field out.
public enum ItemReader {
  /// Reads `path`, in the format its extension says.
  ///
  /// `schema` (of one item) types CSV cells.
  public static func read(path: String, schema: Schema? = nil) throws -> InputItems {
    guard let data = FileManager.default.contents(atPath: path) else {
      let reason = whyUnreadable(path)
      throw ReadError(reason == "no such file" ? "no such file: \(path)" : "cannot read \(path): \(reason)")
    }
    let bytes = [UInt8](data)
    switch (path as NSString).pathExtension.lowercased() {
    case "jsonl", "ndjson": return try jsonLines(bytes, path: path)
    case "csv": return try csv(bytes, path: path, schema: schema)
    default:
      let value: JSONValue
      do { value = try JSONParser.parse(bytes: bytes) } catch { throw ReadError("\(path): \(error)") }
      return InputItems(items: [value], lines: nil)
    }
  }

  static func jsonLines(_ bytes: [UInt8], path: String) throws -> InputItems {
    var items: [JSONValue] = []
    var lines: [Int] = []
    var line = 1
    var start = 0
    for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
      let slice = bytes[start..<i]
      if slice.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
        do {
          items.append(try JSONParser.parse(bytes: slice))
        } catch {
          throw ReadError("\(path):\(line): column \(error.column): \(error.message)")
        }
        lines.append(line)
      }
      line += 1
      start = i + 1
    }
    return InputItems(items: items, lines: lines)
  }

  static func csv(_ bytes: [UInt8], path: String, schema: Schema?) throws -> InputItems {
    let rows: [CSVReader.Row]
    do { rows = try CSVReader.rows(bytes) } catch { throw ReadError("\(path):\(error.line): \(error.message)") }
    guard let header = rows.first else { return InputItems(items: [], lines: []) }
    var items: [JSONValue] = []
    var lines: [Int] = []
    for row in rows.dropFirst() {
      items.append(try csvItem(row.fields, header: header.fields, line: row.line, name: path, schema: schema))
      lines.append(row.line)
    }
    return InputItems(items: items, lines: lines)
  }

  /// The most levels a dotted CSV header may nest.
  static let maxHeaderDepth = 32

  /// One CSV row as an item: dotted headers nest, cells are typed by `schema`.
  static func csvItem(_ fields: [String], header: [String], line: Int, name: String, schema: Schema?) throws(ReadError)
    -> JSONValue
  {
    guard fields.count == header.count else {
      throw ReadError("\(name):\(line): \(fields.count) fields, but the header has \(header.count)")
    }
    var item: JSONValue = [:]
    for (column, cell) in zip(header, fields) {
      let path = column.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      // The deepest v2 item field is a few levels down; a header thousands of levels deep would only exhaust the
      // stack of everything that walks the item.
      guard path.count <= maxHeaderDepth else {
        throw ReadError(
          "\(name):1: a CSV header nests \(path.count) levels (\(column.prefix(40))...); at most \(maxHeaderDepth) are allowed"
        )
      }
      if let bad = path.first(where: { Int($0).map { $0 < 0 || $0 > 1000 } ?? false }) {
        throw ReadError("\(name):1: \(column): index \(bad) in a CSV header must be from 0 to 1000")
      }
      let leafSchema = schemaAt(path, in: schema)
      if cell.isEmpty {
        // An empty cell of an array field is an empty array (subjects and sources are required), and so is an
        // empty `sources.0.name` when no other cell gave that array an element; any other empty cell leaves the
        // field out.
        if case .array? = leafSchema {
          set(&item, path[...], [])
        } else if let index = path.firstIndex(where: { Int($0) != nil }), index > 0,
          case .array? = schemaAt(Array(path[..<index]), in: schema), value(in: item, at: path[..<index]) == nil
        {
          set(&item, path[..<index], [])
        }
        continue
      }
      // A cell that does not fit its field's type stays text: validation then reports it with every other
      // problem, at its line, and --skip-invalid can set the row aside.
      let value = (try? convert(cell, leafSchema)) ?? .string(cell)
      set(&item, path[...], value)
    }
    return item
  }

  static func schemaAt(_ path: [String], in schema: Schema?) -> Schema? {
    var current = schema
    for part in path {
      guard let node = current else { return nil }
      switch node {
      case .object: current = node.property(part)
      case .array(let items, _): current = Int(part) != nil ? items : nil
      default: return nil
      }
    }
    return current
  }

  static func convert(_ cell: String, _ schema: Schema?) throws -> JSONValue {
    switch schema {
    case .integer?:
      guard let n = Int(cell.trimmingCharacters(in: .whitespaces)) else {
        throw ReadError("\"\(cell)\" is not a whole number")
      }
      return .number(JSONNumber(n))
    case .number?:
      guard let n = JSONNumber(parsing: cell.trimmingCharacters(in: .whitespaces)) else {
        throw ReadError("\"\(cell)\" is not a number")
      }
      return .number(n)
    case .boolean?:
      switch cell.lowercased() {
      case "true", "yes", "1": return true
      case "false", "no", "0": return false
      default: throw ReadError("\"\(cell)\" is not true or false")
      }
    case .array(.string, _)?:
      return .array(
        cell.split(separator: ";", omittingEmptySubsequences: false).map {
          .string($0.trimmingCharacters(in: .whitespaces))
        })
    default:
      return .string(cell)
    }
  }

  /// The value at a dotted path, if there is one.
  static func value(in node: JSONValue, at path: ArraySlice<String>) -> JSONValue? {
    guard let first = path.first else { return node }
    let child: JSONValue?
    switch node {
    case .object(let members): child = members[first]
    case .array(let elements): child = Int(first).flatMap { elements.indices.contains($0) ? elements[$0] : nil }
    default: child = nil
    }
    return child.flatMap { value(in: $0, at: path.dropFirst()) }
  }

  /// Sets `value` at a dotted path, creating objects (or arrays for numeric segments).
  /// Sets `value` at `path` inside `node`, creating objects and arrays on the way, in place: a row of many columns
  /// costs time in proportion to its cells (rebuilding the item per cell made 40,000 columns take half a minute).
  static func set(_ node: inout JSONValue, _ path: ArraySlice<String>, _ value: JSONValue) {
    guard let head = path.first else {
      node = value
      return
    }
    let rest = path.dropFirst()
    if let index = Int(head) {
      var elements: [JSONValue] = []
      if case .array(let existing) = node { elements = existing }
      node = .null  // the only reference left is `elements`, so it is changed where it is, not copied
      while elements.count <= index { elements.append([:]) }
      set(&elements[index], rest, value)
      node = .array(elements)
      return
    }
    var members: OrderedDictionary<String, JSONValue> = [:]
    if case .object(let existing) = node { members = existing }
    node = .null
    set(&members[head, default: [:]], rest, value)
    node = .object(members)
  }
}

/// A file could not be read or understood.
public struct ReadError: Error, Sendable, CustomStringConvertible {
  /// The explanation, naming the file and line.
  public let description: String
  init(_ description: String) { self.description = description }
}
