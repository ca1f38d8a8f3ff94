/// A `key=value` argument a command declares.
public struct KeyDeclaration: Sendable {
  /// The key's name.
  public let name: String
  /// What it accepts.
  public let kind: ValueKind
  /// One line on what it means.
  public let help: String
  /// True when the command cannot run without it.
  public let isRequired: Bool

  /// Declares a key.
  public init(_ name: String, _ kind: ValueKind, _ help: String, required: Bool = false) {
    self.name = name
    self.kind = kind
    self.help = help
    isRequired = required
  }

  /// `max-delete=N`, which every destructive command takes.
  public static let maxDelete = KeyDeclaration(
    "max-delete", .integer(0...Int.max), "refuse to touch more items than this (nothing is sent)")
}
