import Foundation
import L360JSON
import L360Schema
import OrderedCollections

extension Interpreter {
  /// Computes an expression's value.
  func evaluate(_ expression: Expression, _ source: SourceFile) async throws -> Value {
    func fail(_ message: String, _ range: SourceRange? = nil) -> ScriptError {
      ScriptError(message, source: source, range: range ?? expression.range)
    }
    switch expression {
    case .literal(let json, _): return Value(json)
    case .word(let w, _): return .string(w)
    case .string(let parts, _):
      var text = ""
      for part in parts {
        switch part {
        case .text(let t): text += t
        case .expression(let e): text += try await evaluate(e, source).displayText
        }
      }
      return .string(text)
    case .variable(let name, let range):
      guard let value = variables[name] else {
        let hint = closest(to: name, among: Array(variables.keys)).map { " (did you mean $\($0)?)" } ?? ""
        throw fail("$\(name) is not defined\(hint); bind it with 'let \(name) = ...'", range)
      }
      return value
    case .member(let base, let name, let range):
      let value = try await evaluate(base, source)
      guard let member = value.member(name) else {
        switch value {
        case .object(let o):
          let hint = closest(to: name, among: Array(o.keys)).map { "did you mean .\($0)? " } ?? ""
          throw fail("no field '\(name)' (\(hint)fields: \(o.keys.prefix(12).joined(separator: ", ")))", range)
        case .job:
          throw fail(
            "a job has no field '\(name)' (fields: id, type, status, total, succeeded, failed, results, errors, elapsed)",
            range)
        default: throw fail("cannot read field '\(name)' of a \(value.typeName)", range)
        }
      }
      return member
    case .index(let base, let indexExpression, let range):
      let value = try await evaluate(base, source)
      let index = try await evaluate(indexExpression, source)
      switch (value, index) {
      case (.list(let l), .number(let n)):
        guard let i = n.intValue else { throw fail("a list index must be a whole number", indexExpression.range) }
        let position = i < 0 ? l.count + i : i
        guard l.indices.contains(position) else {
          throw fail("index \(i) is out of range (the list has \(l.count) items)", range)
        }
        return l[position]
      case (.object(let o), .string(let k)):
        guard let member = o[k] else { throw fail("no key \"\(k)\" in the object", range) }
        return member
      default:
        throw fail("cannot index a \(value.typeName) with a \(index.typeName)", range)
      }
    case .list(let elements, _):
      var values: [Value] = []
      for e in elements { values.append(try await evaluate(e, source)) }
      return .list(values)
    case .object(let members, _):
      var values = OrderedDictionary<String, Value>()
      for (key, e) in members { values[key] = try await evaluate(e, source) }
      return .object(values)
    case .not(let operand, _):
      return .bool(!(try await evaluate(operand, source).isTruthy))
    case .binary(let op, let left, let right, let range):
      if op == "and" {
        let l = try await evaluate(left, source)
        return l.isTruthy ? try await evaluate(right, source) : l
      }
      if op == "or" {
        let l = try await evaluate(left, source)
        return l.isTruthy ? l : try await evaluate(right, source)
      }
      let l = try await evaluate(left, source)
      let r = try await evaluate(right, source)
      return try binary(op, l, r, fail, range)
    case .call(let name, let arguments, let range):
      var values: [Value] = []
      for a in arguments { values.append(try await evaluate(a, source)) }
      return try Functions.call(name, values, interpreter: self, source: source, range: range)
    }
  }

  func binary(_ op: String, _ l: Value, _ r: Value, _ fail: (String, SourceRange?) -> ScriptError, _ range: SourceRange)
    throws -> Value
  {
    switch op {
    case "==": return .bool(l == r)
    case "!=": return .bool(l != r)
    case "+":
      switch (l, r) {
      case (.number(let a), .number(let b)):
        if let x = a.intValue, let y = b.intValue, a.isIntegerLiteral, b.isIntegerLiteral {
          let (sum, overflow) = x.addingReportingOverflow(y)
          if !overflow { return .number(JSONNumber(sum)) }
        }
        return .number(JSONNumber(a.doubleValue + b.doubleValue))
      case (.string(let a), _): return .string(a + r.displayText)
      case (_, .string(let b)): return .string(l.displayText + b)
      case (.list(let a), .list(let b)): return .list(a + b)
      case (.object(var a), .object(let b)):
        for (k, v) in b { a[k] = v }
        return .object(a)
      default: throw fail("cannot add a \(l.typeName) and a \(r.typeName)", range)
      }
    default:
      let ordering: Bool?
      switch (l, r) {
      case (.number(let a), .number(let b)):
        ordering = compare(op, a.doubleValue, b.doubleValue)
      case (.string(let a), .string(let b)):
        ordering = compare(op, a, b)
      default: ordering = nil
      }
      guard let ordering else { throw fail("cannot compare a \(l.typeName) with a \(r.typeName) using \(op)", range) }
      return .bool(ordering)
    }
  }

  func compare<T: Comparable>(_ op: String, _ a: T, _ b: T) -> Bool {
    switch op {
    case "<": a < b
    case "<=": a <= b
    case ">": a > b
    default: a >= b
    }
  }
}

/// The built-in functions: `len`, `env`, `read`, `keys`, `now`.
enum Functions {
  static let names = ["len", "env", "read", "keys", "now"]

  static func call(
    _ name: String, _ arguments: [Value], interpreter: Interpreter, source: SourceFile, range: SourceRange
  )
    throws -> Value
  {
    func fail(_ message: String) -> ScriptError { ScriptError(message, source: source, range: range) }
    func one() throws -> Value {
      guard arguments.count == 1 else { throw fail("\(name)() takes one argument") }
      return arguments[0]
    }
    switch name {
    case "len":
      switch try one() {
      case .string(let s): return .number(JSONNumber(s.count))
      case .list(let l): return .number(JSONNumber(l.count))
      case .object(let o): return .number(JSONNumber(o.count))
      case .job(let j): return .number(JSONNumber(j.total))
      case let other: throw fail("len() needs a string, list or object, not \(other.typeName)")
      }
    case "env":
      guard case .string(let variable) = try one() else { throw fail("env() needs a variable name") }
      return ProcessInfo.processInfo.environment[variable].map(Value.string) ?? .null
    case "read":
      guard case .string(let path) = try one() else { throw fail("read() needs a file name") }
      let resolved = interpreter.resolvePath(path, relativeTo: source)
      let read: InputItems
      do { read = try ItemReader.read(path: resolved) } catch { throw fail("\(error)") }
      if read.lines == nil, let document = read.items.first { return Value(document) }
      return .list(read.items.map(Value.init))
    case "keys":
      guard case .object(let o) = try one() else { throw fail("keys() needs an object") }
      return .list(o.keys.map(Value.string))
    case "now":
      guard arguments.isEmpty else { throw fail("now() takes no argument") }
      return .string(ISO8601DateFormatter().string(from: Date()))
    default:
      throw fail("unknown function \(name)")
    }
  }
}
