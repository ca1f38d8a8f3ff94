/// One token of an l360 script.
public struct Token: Sendable, Equatable {
  /// What it is.
  public var kind: TokenKind
  /// Where it is.
  public var range: SourceRange
  /// True when whitespace (or a line start) comes right before it: `$a.b` is a field access,
  /// `$a .b` is not, and `$x[0]` indexes while `$x [0]` passes a list.
  public var spaceBefore: Bool

  /// Makes a token.
  public init(_ kind: TokenKind, _ range: SourceRange, spaceBefore: Bool) {
    self.kind = kind
    self.range = range
    self.spaceBefore = spaceBefore
  }
}

/// The kinds of token.
public enum TokenKind: Sendable, Equatable {
  /// A bare word: a command name, a literal string in a command (`myPlatform`, `courses.json`), a keyword.
  case word(String)
  /// `name=` directly followed by a value, in a command.
  case key(String)
  /// A number, with its text kept.
  case number(String)
  /// A `"..."` string with its interpolated parts.
  case string([StringPart])
  /// A `'...'` string, taken as written.
  case rawString(String)
  /// `$name`.
  case variable(String)
  /// `.` directly after a value (field access).
  case dot
  /// `?.` directly after a value: field access that gives null when the value is null or has no such field.
  case optionalDot
  /// `{`
  case leftBrace
  /// `}`
  case rightBrace
  /// `[`
  case leftBracket
  /// `]`
  case rightBracket
  /// `(`
  case leftParen
  /// `)`
  case rightParen
  /// `,`
  case comma
  /// `:`
  case colon
  /// An operator: `==` `!=` `<` `<=` `>` `>=` `+` `=` `??`.
  case op(String)
  /// The end of a line (statements end here unless a bracket is open).
  case newline
  /// `;`
  case semicolon
  /// The end of the input.
  case end
}

/// A piece of a `"..."` string.
public enum StringPart: Sendable, Equatable {
  /// Literal text.
  case text(String)
  /// `$name` (range of the name, for errors).
  case variable(String, SourceRange)
  /// `${ expression }`, already lexed.
  case interpolation([Token])
}
