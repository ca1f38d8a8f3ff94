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
  /// A number within an optional range (`minimum` and `maximum` inclusive).
  case number(minimum: Double? = nil, maximum: Double? = nil)
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
  /// True when the string must be an RFC 3339 date-time (`format: date-time`), such as `2026-03-01T09:30:00Z`.
  public var dateTime: Bool

  /// Makes a rule; every constraint is optional.
  public init(minLength: Int? = nil, allowed: [String]? = nil, objectId: Bool = false, dateTime: Bool = false) {
    self.minLength = minLength
    self.allowed = allowed
    self.allowedSet = allowed.map(Set.init)
    self.objectId = objectId
    self.dateTime = dateTime
  }
}

extension Schema {
  /// A non-empty string (`minLength: 1`).
  public static let nonEmptyString = Schema.string(StringRule(minLength: 1))
  /// A 24-hex ObjectId string.
  public static let objectId = Schema.string(StringRule(objectId: true))
  /// An RFC 3339 date-time string.
  public static let dateTime = Schema.string(StringRule(dateTime: true))

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

/// True when `text` is an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or `±HH:MM`.
public func isDateTime(_ text: String) -> Bool { dateTimeSeconds(text) != nil }

/// The instant an RFC 3339 date-time names, in seconds since 1970 (UTC), or nil when `text` is not one (a missing
/// offset, a space for `T`, February 30th).
///
/// Read by hand rather than with a date formatter: a million-item input validates each value, and the formatters
/// accept forms the API's `format: date-time` does not. Dates with different offsets or precisions compare by this.
public func dateTimeSeconds(_ text: String) -> Double? {
  let b = Array(text.utf8)
  func digits(_ at: Int, _ count: Int) -> Int? {
    guard at + count <= b.count else { return nil }
    var value = 0
    for i in at..<at + count {
      guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
      value = value * 10 + Int(b[i] - 0x30)
    }
    return value
  }
  func byte(_ at: Int, _ expected: UInt8) -> Bool { at < b.count && b[at] == expected }
  guard let year = digits(0, 4), byte(4, 0x2D), let month = digits(5, 2), byte(7, 0x2D), let day = digits(8, 2),
    byte(10, 0x54) || byte(10, 0x74), let hour = digits(11, 2), byte(13, 0x3A), let minute = digits(14, 2),
    byte(16, 0x3A), let second = digits(17, 2), (1...12).contains(month), hour < 24, minute < 60, second <= 60
  else { return nil }
  let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  guard (1...monthDays).contains(day) else { return nil }
  var i = 19
  var fraction = 0.0
  if byte(i, 0x2E) {
    var scale = 0.1
    i += 1
    let start = i
    while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
      fraction += Double(b[i] - 0x30) * scale
      scale /= 10
      i += 1
    }
    guard i > start else { return nil }
  }
  var offset = 0
  if byte(i, 0x5A) || byte(i, 0x7A) {
    guard i + 1 == b.count else { return nil }
  } else {
    guard byte(i, 0x2B) || byte(i, 0x2D), let offsetHours = digits(i + 1, 2), byte(i + 3, 0x3A),
      let offsetMinutes = digits(i + 4, 2), offsetHours < 24, offsetMinutes < 60, i + 6 == b.count
    else { return nil }
    offset = (b[i] == 0x2B ? 1 : -1) * (offsetHours * 3600 + offsetMinutes * 60)
  }
  // Days from 1970-01-01 of a Gregorian date (Howard Hinnant's days_from_civil).
  let y = month <= 2 ? year - 1 : year
  let era = (y >= 0 ? y : y - 399) / 400
  let yearOfEra = y - era * 400
  let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
  let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
  let days = era * 146_097 + dayOfEra - 719_468
  return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
}
