import Foundation
import L360JSON
import OrderedCollections

/// The built-in functions, called as `name(arguments)` in expressions.
enum Functions {
  static let names = [
    "len", "env", "read", "keys", "values", "now", "split", "join", "replace", "lower", "upper", "trim",
    "startsWith", "endsWith", "matches", "int", "string",
  ]

  static func call(
    _ name: String, _ arguments: [Value], interpreter: Interpreter, source: SourceFile, range: SourceRange
  ) throws -> Value {
    func fail(_ message: String) -> ScriptError { ScriptError(message, source: source, range: range) }
    func count(_ expected: Int) throws {
      guard arguments.count == expected else {
        throw fail(
          "\(name)() takes \(expected == 0 ? "no argument" : plural(expected, "argument")), not \(arguments.count)")
      }
    }
    /// Argument `index` as text, or a located error naming what it should be.
    func text(_ index: Int, _ what: String = "a string") throws -> String {
      guard case .string(let s) = arguments[index] else {
        throw fail("\(name)() needs \(what) as argument \(index + 1), not \(arguments[index].typeWithArticle)")
      }
      return s
    }
    switch name {
    case "len":
      try count(1)
      switch arguments[0] {
      case .string(let s): return .number(JSONNumber(s.count))
      case .list(let l): return .number(JSONNumber(l.count))
      case .object(let o): return .number(JSONNumber(o.count))
      case .job(let j): return .number(JSONNumber(j.total))
      case let other: throw fail("len() needs a string, list or object, not \(other.typeName)")
      }
    case "env":
      try count(1)
      return ProcessInfo.processInfo.environment[try text(0, "a variable name")].map(Value.string) ?? .null
    case "read":
      try count(1)
      let resolved = interpreter.resolvePath(try text(0, "a file name"), relativeTo: source)
      let read: InputItems
      do { read = try ItemReader.read(path: resolved) } catch { throw fail("\(error)") }
      if read.lines == nil, let document = read.items.first { return Value(document) }
      return .list(read.items.map(Value.init))
    case "keys", "values":
      try count(1)
      guard case .object(let o) = arguments[0] else { throw fail("\(name)() needs an object") }
      return .list(name == "keys" ? o.keys.map(Value.string) : Array(o.values))
    case "now":
      try count(0)
      return .string(ISO8601DateFormatter().string(from: Date()))
    case "split":
      try count(2)
      let separator = try text(1)
      guard !separator.isEmpty else { throw fail("split() needs a separator that is not empty") }
      return .list(try text(0).components(separatedBy: separator).map(Value.string))
    case "join":
      try count(2)
      guard case .list(let elements) = arguments[0] else {
        throw fail("join() needs a list as argument 1, not \(arguments[0].typeWithArticle)")
      }
      return .string(elements.map(\.displayText).joined(separator: try text(1)))
    case "replace":
      try count(3)
      let old = try text(1)
      guard !old.isEmpty else { throw fail("replace() needs text to replace that is not empty") }
      return .string(try text(0).replacingOccurrences(of: old, with: try text(2)))
    case "lower":
      try count(1)
      return .string(try text(0).lowercased())
    case "upper":
      try count(1)
      return .string(try text(0).uppercased())
    case "trim":
      try count(1)
      return .string(try text(0).trimmingCharacters(in: .whitespacesAndNewlines))
    case "startsWith":
      try count(2)
      return .bool(try text(0).hasPrefix(try text(1)))
    case "endsWith":
      try count(2)
      return .bool(try text(0).hasSuffix(try text(1)))
    case "matches":
      try count(2)
      let pattern = try text(1, "a regular expression")
      let regex: Regex<AnyRegexOutput>
      do { regex = try Regex(pattern) } catch {
        throw fail("matches(): '\(pattern)' is not a valid regular expression")
      }
      return .bool(try text(0).firstMatch(of: regex) != nil)
    case "int":
      try count(1)
      switch arguments[0] {
      case .number(let n):
        guard n.doubleValue.isFinite, abs(n.doubleValue) < 9e18 else { throw fail("int(): \(n.text) is too large") }
        return .number(JSONNumber(Int(n.doubleValue.rounded(.towardZero))))
      case .string(let s):
        guard let i = Int(s.trimmingCharacters(in: .whitespaces)) else {
          throw fail("int(): \"\(s)\" is not a whole number")
        }
        return .number(JSONNumber(i))
      case .bool(let b): return .number(JSONNumber(b ? 1 : 0))
      case let other: throw fail("int() needs a number or a string, not \(other.typeWithArticle)")
      }
    case "string":
      try count(1)
      return .string(arguments[0].displayText)
    default:
      throw fail("unknown function \(name)")
    }
  }
}
