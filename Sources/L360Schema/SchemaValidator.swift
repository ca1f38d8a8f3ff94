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
    check(value, schema, pointer, &out)
    return out
  }

  private func add(_ out: inout [SchemaViolation], _ pointer: String, _ message: String) {
    if out.count < limit { out.append(SchemaViolation(pointer: pointer, message: message)) }
  }

  private func check(_ value: JSONValue, _ schema: Schema, _ pointer: String, _ out: inout [SchemaViolation]) {
    guard out.count < limit else { return }
    switch schema {
    case .any:
      return
    case .object(let properties, let required):
      guard case .object(let members) = value else {
        return add(&out, pointer, "must be an object, not \(value.kindName)")
      }
      for (name, propertySchema) in properties {
        if let member = members[name] {
          check(member, propertySchema, pointer + "/" + escape(name), &out)
        } else if required.contains(name) {
          add(&out, pointer + "/" + escape(name), "is required")
        }
      }
      if rejectUnknownFields {
        let known = Set(properties.map(\.0))
        for key in members.keys where !known.contains(key) {
          let suggestion = closest(to: key, among: properties.map(\.0)).map { " (did you mean \"\($0)\"?)" } ?? ""
          add(&out, pointer + "/" + escape(key), "unknown field\(suggestion)")
        }
      }
    case .array(let items, let maxItems):
      guard case .array(let elements) = value else {
        return add(&out, pointer, "must be an array, not \(value.kindName)")
      }
      if let maxItems, elements.count > maxItems {
        add(&out, pointer, "has \(elements.count) items; at most \(maxItems) are allowed")
      }
      for (i, element) in elements.enumerated() {
        check(element, items, pointer + "/\(i)", &out)
      }
    case .string(let rule):
      guard case .string(let s) = value else {
        return add(&out, pointer, "must be a string, not \(value.kindName)")
      }
      if let minLength = rule.minLength, s.count < minLength {
        add(&out, pointer, minLength == 1 ? "must not be empty" : "must have at least \(minLength) characters")
      } else if rule.objectId, !isObjectId(s) {
        add(&out, pointer, "must be a 24-character hexadecimal id, not \"\(s)\"")
      } else if let allowed = rule.allowed, !allowed.contains(s) {
        let hint = closest(to: s, among: allowed).map { "did you mean \"\($0)\"? " } ?? ""
        let list =
          allowed.count <= 8 ? allowed.joined(separator: ", ") : allowed.prefix(8).joined(separator: ", ") + ", ..."
        add(&out, pointer, "\"\(s)\" is not allowed (\(hint)allowed: \(list))")
      }
    case .integer(let minimum, let maximum):
      guard case .number(let n) = value else {
        return add(&out, pointer, "must be an integer, not \(value.kindName)")
      }
      guard let i = n.intValue else { return add(&out, pointer, "must be a whole number, not \(n.text)") }
      if let minimum, i < minimum { return add(&out, pointer, rangeMessage(minimum, maximum, n.text)) }
      if let maximum, i > maximum { return add(&out, pointer, rangeMessage(minimum, maximum, n.text)) }
    case .number:
      guard case .number = value else { return add(&out, pointer, "must be a number, not \(value.kindName)") }
    case .boolean:
      guard case .bool = value else { return add(&out, pointer, "must be true or false, not \(value.kindName)") }
    }
  }

  private func rangeMessage(_ minimum: Int?, _ maximum: Int?, _ text: String) -> String {
    switch (minimum, maximum) {
    case (let lo?, let hi?): "must be from \(lo) to \(hi), not \(text)"
    case (let lo?, nil): "must be at least \(lo), not \(text)"
    case (nil, let hi?): "must be at most \(hi), not \(text)"
    case (nil, nil): "is out of range"
    }
  }

  private func escape(_ key: String) -> String {
    key.replacingTildeAndSlash()
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
