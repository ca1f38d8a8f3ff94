public import L360JSON
import OrderedCollections

/// One place where a value breaks its schema: a JSON pointer and what is wrong there.
public struct SchemaViolation: Sendable, Equatable, CustomStringConvertible {
  /// RFC 6901 pointer to the offending value, relative to the validated root ("/input/3/name").
  public let pointer: String
  /// What is wrong, phrased for a person ("is required", "must not be empty").
  public let message: String

  /// Makes a violation.
  public init(pointer: String, message: String) {
    self.pointer = pointer
    self.message = message
  }

  /// "/input/3/name: is required" (or just the message at the root).
  public var description: String { pointer.isEmpty ? message : "\(pointer): \(message)" }
}

/// Checks JSON values against a ``Schema`` and reports every violation, not just the first.
public struct SchemaValidator: Sendable {
  /// When true, object members the schema does not name are reported ("unknown field").
  ///
  /// The API ignores or rejects them inconsistently, so l360 flags them as mistakes by default.
  public var rejectUnknownFields: Bool
  /// Stop collecting after this many violations (the total is still counted by callers if needed).
  public var limit: Int

  /// Makes a validator.
  public init(rejectUnknownFields: Bool = true, limit: Int = 100) {
    self.rejectUnknownFields = rejectUnknownFields
    self.limit = limit
  }

  /// Every violation of `schema` by `value`, in document order, capped at ``limit``.
  public func validate(_ value: JSONValue, against schema: Schema, at pointer: String = "") -> [SchemaViolation] {
    var out: [SchemaViolation] = []
    var path = Path(root: pointer)
    check(value, schema, &path, &out)
    return out
  }

  /// Where the validator is in the document.
  ///
  /// The JSON pointer string is only built when a violation is reported: validating a million valid items builds
  /// none.
  private struct Path {
    enum Part {
      case key(String)
      case index(Int)
    }

    let root: String
    var parts: [Part] = []

    var pointer: String {
      var text = root
      for part in parts {
        switch part {
        case .key(let key): text += "/" + key.replacingTildeAndSlash()
        case .index(let index): text += "/\(index)"
        }
      }
      return text
    }
  }

  private func add(_ out: inout [SchemaViolation], _ path: Path, _ message: String) {
    if out.count < limit { out.append(SchemaViolation(pointer: path.pointer, message: message)) }
  }

  private func check(_ value: JSONValue, _ schema: Schema, _ path: inout Path, _ out: inout [SchemaViolation]) {
    guard out.count < limit else { return }
    switch schema {
    case .any:
      return
    case .object(let properties, let required):
      guard case .object(let members) = value else {
        return add(&out, path, "must be an object, not \(value.kindName)")
      }
      var matched = 0
      for (name, propertySchema) in properties {
        if let member = members[name] {
          matched += 1
          path.parts.append(.key(name))
          check(member, propertySchema, &path, &out)
          path.parts.removeLast()
        } else if required.contains(name) {
          path.parts.append(.key(name))
          add(&out, path, "is required")
          path.parts.removeLast()
        }
      }
      // Every member matched a property: no unknown field, and nothing more to look up.
      if rejectUnknownFields && matched < members.count {
        for key in members.keys where !properties.contains(where: { $0.0 == key }) {
          let suggestion = closest(to: key, among: properties.map(\.0)).map { " (did you mean \"\($0)\"?)" } ?? ""
          path.parts.append(.key(key))
          add(&out, path, "unknown field\(suggestion)")
          path.parts.removeLast()
        }
      }
    case .array(let items, let maxItems):
      guard case .array(let elements) = value else {
        return add(&out, path, "must be an array, not \(value.kindName)")
      }
      if let maxItems, elements.count > maxItems {
        add(&out, path, "has \(elements.count) items; at most \(maxItems) are allowed")
      }
      for (i, element) in elements.enumerated() {
        path.parts.append(.index(i))
        check(element, items, &path, &out)
        path.parts.removeLast()
      }
    case .string(let rule):
      guard case .string(let s) = value else {
        return add(&out, path, "must be a string, not \(value.kindName)")
      }
      if let minLength = rule.minLength, minLength == 1 ? s.isEmpty : s.count < minLength {
        add(&out, path, minLength == 1 ? "must not be empty" : "must have at least \(minLength) characters")
      } else if rule.objectId, !isObjectId(s) {
        add(&out, path, "must be a 24-character hexadecimal id, not \"\(s)\"")
      } else if rule.dateTime, !isDateTime(s) {
        add(&out, path, "must be a date and time like 2026-03-01T09:30:00Z, not \"\(s)\"")
      } else if let allowed = rule.allowed, rule.allowedSet?.contains(s) == false {
        let hint = closest(to: s, among: allowed).map { "did you mean \"\($0)\"? " } ?? ""
        let list =
          allowed.count <= 8 ? allowed.joined(separator: ", ") : allowed.prefix(8).joined(separator: ", ") + ", ..."
        add(&out, path, "\"\(s)\" is not allowed (\(hint)allowed: \(list))")
      }
    case .integer(let minimum, let maximum):
      guard case .number(let n) = value else {
        return add(&out, path, "must be an integer, not \(value.kindName)")
      }
      guard let i = n.intValue else { return add(&out, path, "must be a whole number, not \(n.text)") }
      if let minimum, i < minimum { return add(&out, path, rangeMessage(minimum, maximum, n.text)) }
      if let maximum, i > maximum { return add(&out, path, rangeMessage(minimum, maximum, n.text)) }
    case .number(let minimum, let maximum):
      guard case .number(let n) = value else { return add(&out, path, "must be a number, not \(value.kindName)") }
      let x = n.doubleValue
      if let minimum, x < minimum { return add(&out, path, rangeMessage(minimum, maximum, n.text)) }
      if let maximum, x > maximum { return add(&out, path, rangeMessage(minimum, maximum, n.text)) }
    case .boolean:
      guard case .bool = value else { return add(&out, path, "must be true or false, not \(value.kindName)") }
    }
  }

  private func rangeMessage(_ minimum: Double?, _ maximum: Double?, _ text: String) -> String {
    func shown(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
    return rangeMessage(minimum.map(shown), maximum.map(shown), text)
  }

  private func rangeMessage(_ minimum: Int?, _ maximum: Int?, _ text: String) -> String {
    rangeMessage(minimum.map(String.init), maximum.map(String.init), text)
  }

  private func rangeMessage(_ minimum: String?, _ maximum: String?, _ text: String) -> String {
    switch (minimum, maximum) {
    case (let lo?, let hi?): "must be from \(lo) to \(hi), not \(text)"
    case (let lo?, nil): "must be at least \(lo), not \(text)"
    case (nil, let hi?): "must be at most \(hi), not \(text)"
    case (nil, nil): "is out of range"
    }
  }

}

extension String {
  fileprivate func replacingTildeAndSlash() -> String {
    guard contains("~") || contains("/") else { return self }
    var out = ""
    for c in self {
      switch c {
      case "~": out += "~0"
      case "/": out += "~1"
      default: out.append(c)
      }
    }
    return out
  }
}
