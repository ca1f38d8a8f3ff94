/// A small subset of JSON Schema, enough to describe the v2 request bodies l360 sends.
///
/// The official spec is the source; ``V2Schemas`` transcribes the parts l360 uses. Keeping it as
/// Swift values (not a copy of the spec file) lets the client, the sandbox and the language validate
/// input identically, with no file to ship.
public indirect enum Schema: Sendable {
  /// An object with named properties (in spec order) and the names that must be present.
  case object(properties: [(String, Schema)], required: Set<String>)
  /// An array whose elements all follow `items`, with an optional maximum length.
  case array(items: Schema, maxItems: Int? = nil)
  /// A string with optional constraints.
  case string(StringRule = StringRule())
  /// An integer within an optional range.
  case integer(minimum: Int? = nil, maximum: Int? = nil)
  /// Any number.
  case number
  /// `true` or `false`.
  case boolean
  /// Anything (the spec says only "object" or nothing more).
  case any
}

/// Constraints on a string value.
public struct StringRule: Sendable {
  /// Minimum length in characters (`minLength`).
  public var minLength: Int?
  /// The allowed values (`enum`), or nil for any.
  public var allowed: [String]? { didSet { allowedSet = allowed.map(Set.init) } }
  /// The same values as a set: validating a million items looks each one up.
  private(set) var allowedSet: Set<String>?
  /// True when the string must be a MongoDB ObjectId (`^[a-fA-F0-9]{24}$`).
  public var objectId: Bool

  /// Makes a rule; every constraint is optional.
  public init(minLength: Int? = nil, allowed: [String]? = nil, objectId: Bool = false) {
    self.minLength = minLength
    self.allowed = allowed
    self.allowedSet = allowed.map(Set.init)
    self.objectId = objectId
  }
}

extension Schema {
  /// A non-empty string (`minLength: 1`).
  public static let nonEmptyString = Schema.string(StringRule(minLength: 1))
  /// A 24-hex ObjectId string.
  public static let objectId = Schema.string(StringRule(objectId: true))

  /// A string restricted to `values`.
  public static func oneOf(_ values: [String]) -> Schema { .string(StringRule(allowed: values)) }

  /// The schema of the property `name` when this is an object schema.
  public func property(_ name: String) -> Schema? {
    guard case .object(let properties, _) = self else { return nil }
    return properties.first { $0.0 == name }?.1
  }

  /// The property names of an object schema, in spec order.
  public var propertyNames: [String] {
    guard case .object(let properties, _) = self else { return [] }
    return properties.map(\.0)
  }
}

/// True when `text` is a 24-character hexadecimal MongoDB ObjectId, as every v2 id must be.
public func isObjectId(_ text: String) -> Bool {
  let utf8 = text.utf8
  guard utf8.count == 24 else { return false }
  return utf8.allSatisfy { b in
    (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
  }
}
