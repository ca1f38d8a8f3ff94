public import OrderedCollections

/// A JSON document that keeps user data exactly as written: key order and number text survive a round trip.
///
/// Objects are `OrderedDictionary` so keys stay in the order they were read or inserted.
/// Numbers keep their source text (see ``JSONNumber``) so `1.10` and 20-digit integers are not rewritten.
public enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case number(JSONNumber)
  case string(String)
  case array([JSONValue])
  case object(OrderedDictionary<String, JSONValue>)
}

// MARK: - Accessors

extension JSONValue {
  /// The string payload, or nil for any other kind of value.
  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The boolean payload, or nil for any other kind of value.
  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  /// The number payload, or nil for any other kind of value.
  public var numberValue: JSONNumber? {
    if case .number(let n) = self { return n }
    return nil
  }

  /// The number as an `Int` when it is an integer that fits, else nil.
  public var intValue: Int? { numberValue?.intValue }

  /// The number as a `Double`, else nil.
  public var doubleValue: Double? { numberValue?.doubleValue }

  /// The elements of an array, or nil for any other kind of value.
  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  /// The members of an object, or nil for any other kind of value.
  public var objectValue: OrderedDictionary<String, JSONValue>? {
    if case .object(let o) = self { return o }
    return nil
  }

  /// True for `null`.
  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  /// The member named `key` of an object; nil when absent or when this is not an object.
  public subscript(key: String) -> JSONValue? {
    get { objectValue?[key] }
    set {
      guard case .object(var members) = self else { return }
      members[key] = newValue
      self = .object(members)
    }
  }

  /// The element at `index` of an array; nil when out of range or when this is not an array.
  public subscript(index: Int) -> JSONValue? {
    guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
    return elements[index]
  }

  /// A short name for the kind of value, as used in error messages ("object", "string", ...).
  public var kindName: String {
    switch self {
    case .null: "null"
    case .bool: "boolean"
    case .number: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
  }
}

// MARK: - Literals

extension JSONValue: ExpressibleByStringLiteral {
  public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
  public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
}

extension JSONValue: ExpressibleByFloatLiteral {
  public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
}

extension JSONValue: ExpressibleByBooleanLiteral {
  public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByNilLiteral {
  public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByArrayLiteral {
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    var members = OrderedDictionary<String, JSONValue>()
    for (key, value) in elements { members[key] = value }
    self = .object(members)
  }
}

extension JSONValue: CustomStringConvertible {
  /// The compact JSON text of the value.
  public var description: String { JSONWriter.compact(self) }
}
