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
        case .job(let job):
          throw fail("a job has no field '\(name)' (fields: \(job.names.joined(separator: ", ")))", range)
        default: throw fail("cannot read field '\(name)' of a \(value.typeName)", range)
        }
      }
      return member
    case .optionalMember(let base, let name, _):
      return try await evaluateLeniently(base, source).member(name) ?? .null
    case .index(let base, let indexExpression, let range):
      switch Self.element(of: try await evaluate(base, source), at: try await evaluate(indexExpression, source)) {
      case .success(let element): return element
      case .failure(.notWhole): throw fail("a list index must be a whole number", indexExpression.range)
      case .failure(let miss): throw fail(miss.message, range)
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
    case .piped(let pipeline):
      return try await run(pipeline, source)
    case .binary(let op, let left, let right, let range):
      if op == "and" {
        let l = try await evaluate(left, source)
        return l.isTruthy ? try await evaluate(right, source) : l
      }
      if op == "or" {
        let l = try await evaluate(left, source)
        return l.isTruthy ? l : try await evaluate(right, source)
      }
      if op == "??" {
        let l = try await evaluateLeniently(left, source)
        return l == .null ? try await evaluate(right, source) : l
      }
      let l = try await evaluate(left, source)
      let r = try await evaluate(right, source)
      // A `where` row without the field (null) does not match an ordering, as in SQL. Only a row's own field gets
      // this leniency: a script variable that is null is still a mistake to report.
      if Self.readsRowField(left) && l.isNull || Self.readsRowField(right) && r.isNull,
        ["<", "<=", ">", ">="].contains(op)
      {
        return .bool(false)
      }
      return try binary(op, l, r, fail, range)
    case .call(let name, let arguments, let range):
      var values: [Value] = []
      for a in arguments { values.append(try await evaluate(a, source)) }
      return try Functions.call(name, values, interpreter: self, source: source, range: range)
    }
  }

  /// An expression whose missing field or index gives null instead of an error (the left of `??`, the base of
  /// `?.`); anything else evaluates as usual, so a typo in a variable name is still reported.
  func evaluateLeniently(_ expression: Expression, _ source: SourceFile) async throws -> Value {
    switch expression {
    case .member(let base, let name, _), .optionalMember(let base, let name, _):
      return try await evaluateLeniently(base, source).member(name) ?? .null
    case .index(let base, let indexExpression, _):
      let value = try await evaluateLeniently(base, source)
      // Only a missing element is lenient: an error in the index itself (`$x[$typo]`) is still reported.
      let index = try await evaluate(indexExpression, source)
      return (try? Self.element(of: value, at: index).get()) ?? .null
    default:
      return try await evaluate(expression, source)
    }
  }

  /// Why `value[index]` has no element.
  enum IndexMiss: Error {
    case notWhole
    case outOfRange(Int, count: Int)
    case noKey(String)
    case unindexable(Value, Value)

    var message: String {
      switch self {
      case .notWhole: "a list index must be a whole number"
      case .outOfRange(let i, let count): "index \(i) is out of range (the list has \(count) items)"
      case .noKey(let key): "no key \"\(key)\" in the object"
      case .unindexable(let value, let index): "cannot index a \(value.typeName) with a \(index.typeName)"
      }
    }
  }

  /// `value[index]`: a list by position (negative counts from the end), an object by key; the one rule behind
  /// `$x[i]` and the lenient `$x[i] ?? default`.
  static func element(of value: Value, at index: Value) -> Result<Value, IndexMiss> {
    switch (value, index) {
    case (.list(let l), .number(let n)):
      guard let i = n.intValue else { return .failure(.notWhole) }
      let position = i < 0 ? l.count + i : i
      return l.indices.contains(position) ? .success(l[position]) : .failure(.outOfRange(i, count: l.count))
    case (.object(let o), .string(let k)):
      return o[k].map { .success($0) } ?? .failure(.noKey(k))
    default:
      return .failure(.unindexable(value, index))
    }
  }

  func binary(_ op: String, _ l: Value, _ r: Value, _ fail: (String, SourceRange?) -> ScriptError, _ range: SourceRange)
    throws -> Value
  {
    switch op {
    case "in", "not in":
      let found: Bool
      switch r {
      case .list(let elements): found = elements.contains(l)
      case .string(let text):
        guard case .string(let part) = l else {
          throw fail("'\(op)' a string needs a string on its left, not \(l.typeWithArticle)", range)
        }
        found = text.contains(part)
      case .object(let members):
        guard case .string(let key) = l else {
          throw fail("'\(op)' an object needs a key (a string) on its left, not \(l.typeWithArticle)", range)
        }
        found = members[key] != nil
      default:
        throw fail("'\(op)' needs a list, a string or an object on its right, not \(r.typeWithArticle)", range)
      }
      return .bool(op == "in" ? found : !found)
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

  /// True for a bare field name in a `where` (`status`, `progress.index`): the row's field, as the parser wrote it.
  static func readsRowField(_ expression: Expression) -> Bool {
    switch expression {
    case .optionalMember(let base, _, _): readsRowField(base)
    case .variable(let name, _): name == rowVariable
    default: false
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
