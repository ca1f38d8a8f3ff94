/// One place in a command's positional form.
public enum Slot: Sendable {
  /// A literal word that must appear as written: `from`, `into`, `in`, `to`.
  case word(String)
  /// One value, named for messages and help.
  case value(String, ValueKind)
  /// One or more values (`courses archive ID... from INTEGRATION`).
  case values(String, ValueKind)

  /// The slot in a usage line: `from`, `INTEGRATION`, `ID...`.
  public var usage: String {
    switch self {
    case .word(let w): w
    case .value(let name, let kind): kind.placeholder(name)
    case .values(let name, let kind): kind.placeholder(name) + "..."
    }
  }

  /// The name a value slot binds; nil for a literal word.
  var name: String? {
    switch self {
    case .word: nil
    case .value(let name, _), .values(let name, _): name
    }
  }

  /// What a value slot accepts; nil for a literal word.
  var kind: ValueKind? {
    switch self {
    case .word: nil
    case .value(_, let kind), .values(_, let kind): kind
    }
  }
}

/// One positional form of a command: the slots after its words, in order.
public struct Form: Sendable {
  /// The slots, in order.
  public let slots: [Slot]

  /// Makes a form of `slots`.
  public init(_ slots: Slot...) { self.slots = slots }
}
