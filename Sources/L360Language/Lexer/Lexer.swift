import L360JSON

/// Turns script text into tokens, tracking where each one is.
///
/// The rules: statements end at a newline or `;`; `#` at the start of a token begins a comment;
/// `\` at the end of a line continues it; bare words run to whitespace or punctuation, so
/// `courses.json` and `https://lms.example.com/a` are one word; `key=value` makes a key token, and
/// its value runs to the next space.
public struct Lexer {
  let source: SourceFile
  var index: Int
  let end: Int
  var tokens: [Token] = []
  /// How many `${...}` this lexer is inside; bounded so nesting cannot overflow the stack.
  var nesting = 0

  /// Makes a lexer over the whole source.
  public init(_ source: SourceFile) {
    self.source = source
    self.index = 0
    self.end = source.bytes.count
  }

  init(_ source: SourceFile, from start: Int, to end: Int) {
    self.source = source
    self.index = start
    self.end = end
  }

  /// Every token of the source, ending with `.end`.
  public static func tokenize(_ source: SourceFile) throws(ScriptError) -> [Token] {
    var lexer = Lexer(source)
    return try lexer.run()
  }

  var bytes: [UInt8] { source.bytes }

  func peek(_ offset: Int = 0) -> UInt8 { index + offset < end ? bytes[index + offset] : 0 }

  func error(_ message: String, _ start: Int, _ stop: Int? = nil) -> ScriptError {
    ScriptError(message, kind: .usage, source: source, range: SourceRange(start, stop ?? start + 1))
  }

  static func isIdentifierStart(_ b: UInt8) -> Bool {
    (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_")
  }

  static func isIdentifierChar(_ b: UInt8) -> Bool { isIdentifierStart(b) || (b >= 0x30 && b <= 0x39) }

  /// Characters a bare word is made of.
  static func isWordChar(_ b: UInt8) -> Bool {
    if isIdentifierChar(b) || b >= 0x80 { return true }
    switch b {
    case UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "@"),
      UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "&"), UInt8(ascii: "~"), UInt8(ascii: "*"):
      return true
    default: return false
    }
  }

  mutating func run() throws(ScriptError) -> [Token] {
    var spaceBefore = true
    var valueNext = false
    while true {
      // Whitespace, comments and line continuations.
      while index < end {
        let b = bytes[index]
        if b == 0x20 || b == 0x09 || b == 0x0D {
          index += 1
          spaceBefore = true
        } else if b == UInt8(ascii: "\\") && isLineContinuation() {
          spaceBefore = true
        } else if b == UInt8(ascii: "#") && (spaceBefore || tokens.isEmpty) {
          while index < end && bytes[index] != 0x0A { index += 1 }
        } else {
          break
        }
      }
      guard index < end else {
        tokens.append(Token(.end, SourceRange(end, end), spaceBefore: true))
        return tokens
      }
      let start = index
      let b = bytes[index]
      let afterValue = lastAllowsMember && !spaceBefore
      var kind: TokenKind

      if valueNext && !Self.startsNonWordValue(b) {
        // The value of `key=`: everything up to the next space (URLs with `=` and `#` included).
        while index < end, !Self.endsValueWord(bytes[index]) { index += 1 }
        kind = classify(source.text(start..<index))
      } else if afterValue && b == UInt8(ascii: ".") {
        guard Self.isIdentifierChar(peek(1)) else { throw error("expected a field name after '.'", start) }
        index += 1
        kind = .dot
      } else if afterValue && b == UInt8(ascii: "?") && peek(1) == UInt8(ascii: ".") {
        guard Self.isIdentifierChar(peek(2)) else { throw error("expected a field name after '?.'", start) }
        index += 2
        kind = .optionalDot
      } else if (lastToken == .dot || lastToken == .optionalDot) && !spaceBefore && Self.isIdentifierChar(b) {
        while index < end, Self.isIdentifierChar(bytes[index]) { index += 1 }
        kind = .word(source.text(start..<index))
      } else {
        switch b {
        case 0x0A:
          index += 1
          kind = .newline
        case UInt8(ascii: ";"): index += 1; kind = .semicolon
        case UInt8(ascii: "{"): index += 1; kind = .leftBrace
        case UInt8(ascii: "}"): index += 1; kind = .rightBrace
        case UInt8(ascii: "["): index += 1; kind = .leftBracket
        case UInt8(ascii: "]"): index += 1; kind = .rightBracket
        case UInt8(ascii: "("): index += 1; kind = .leftParen
        case UInt8(ascii: ")"): index += 1; kind = .rightParen
        case UInt8(ascii: ","): index += 1; kind = .comma
        case UInt8(ascii: ":"): index += 1; kind = .colon
        case UInt8(ascii: "+"): index += 1; kind = .op("+")
        case UInt8(ascii: "|") where spaceBefore:
          // A pipe between stages (`jobs list | where ...`); glued to a word it stays part of the word.
          index += 1
          kind = .op("|")
        case UInt8(ascii: "?") where peek(1) == UInt8(ascii: "?"):
          index += 2
          kind = .op("??")
        case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"):
          if peek(1) == UInt8(ascii: "=") {
            index += 2
            kind = .op(source.text(start..<index))
          } else if b == UInt8(ascii: "!") {
            throw error("unexpected '!' (write 'not' for negation, '!=' for inequality)", start)
          } else {
            index += 1
            kind = .op(source.text(start..<index))
          }
        case UInt8(ascii: "$"):
          index += 1
          guard Self.isIdentifierStart(peek()) else {
            throw error("'$' must be followed by a variable name, like $group", start)
          }
          while index < end, Self.isIdentifierChar(bytes[index]) { index += 1 }
          kind = .variable(source.text((start + 1)..<index))
        case UInt8(ascii: "\""):
          kind = .string(try lexString())
        case UInt8(ascii: "'"):
          index += 1
          while index < end, bytes[index] != UInt8(ascii: "'") { index += 1 }
          guard index < end else { throw error("unterminated string: no closing '", start) }
          kind = .rawString(source.text((start + 1)..<index))
          index += 1
        default:
          guard Self.isWordChar(b) else {
            let character = source.text(start..<(start + utf8Length(b)))
            throw error("unexpected character '\(character)'", start)
          }
          // A bare path runs to the end of the word with its query (`/api/v2/users?status[eq]=active`): no value of
          // the language starts with `/`, so its brackets and `=` cannot mean an index or a key there. It stops at a
          // `$` or a quote (a variable needs the path in quotes: "/api/v2/groups/$g") and at a `\` (which joins
          // lines, as after any other word).
          if b == UInt8(ascii: "/") {
            while index < end, !Self.endsValueWord(bytes[index]), !Self.endsBarePath(bytes[index]) { index += 1 }
          } else {
            while index < end, Self.isWordChar(bytes[index]) { index += 1 }
          }
          let word = source.text(start..<index)
          // `name=value` (not `name==`): a key for a command.
          if peek() == UInt8(ascii: "="), peek(1) != UInt8(ascii: "="), Self.isKey(word) {
            index += 1
            kind = .key(word)
          } else {
            kind = classify(word)
          }
        }
      }
      valueNext = false
      if case .key = kind {
        let next = peek()
        if next == 0x20 || next == 0x09 || next == 0x0A || next == 0 || next == UInt8(ascii: ";") {
          throw error("'\(source.text(start..<(index - 1)))=' needs a value right after the '='", start, index)
        }
        valueNext = true
      }
      tokens.append(Token(kind, SourceRange(start, index), spaceBefore: spaceBefore))
      spaceBefore = kind == .newline || kind == .semicolon
    }
  }

  var lastToken: TokenKind? { tokens.last?.kind }

  var lastAllowsMember: Bool {
    switch lastToken {
    case .variable?, .rightBracket?, .rightParen?: true
    case .word?: tokens.count >= 2 && [.dot, .optionalDot].contains(tokens[tokens.count - 2].kind)
    default: false
    }
  }

  static func isKey(_ word: String) -> Bool {
    guard let first = word.utf8.first, isIdentifierStart(first) else { return false }
    return word.utf8.allSatisfy { isIdentifierChar($0) || $0 == UInt8(ascii: "-") }
  }

  static func startsNonWordValue(_ b: UInt8) -> Bool {
    b == UInt8(ascii: "$") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "{")
      || b == UInt8(ascii: "[") || b == UInt8(ascii: "(")
  }

  /// Where a bare path's word stops besides a value word's ends: a variable, a quote, a line continuation.
  static func endsBarePath(_ b: UInt8) -> Bool {
    b == UInt8(ascii: "$") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "\\")
  }

  static func endsValueWord(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: ";") || b == UInt8(ascii: "}")
      || b == UInt8(ascii: ")")
  }

  func classify(_ word: String) -> TokenKind {
    // A word that is a JSON number is a number (`42`, `1.10`); `586d13...` ids and `10m` stay words.
    if JSONNumber(parsing: word) != nil { return .number(word) }
    return .word(word)
  }

  func utf8Length(_ lead: UInt8) -> Int {
    switch lead {
    case 0xF0...: 4
    case 0xE0...: 3
    case 0xC0...: 2
    default: 1
    }
  }

  /// A `\` followed by optional spaces and a newline joins the two lines.
  mutating func isLineContinuation() -> Bool {
    var j = index + 1
    while j < end, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D { j += 1 }
    guard j < end, bytes[j] == 0x0A else { return false }
    index = j + 1
    return true
  }

  mutating func lexString() throws(ScriptError) -> [StringPart] {
    let open = index
    index += 1
    var parts: [StringPart] = []
    var text: [UInt8] = []
    func flush() {
      if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
      text = []
    }
    while index < end {
      let b = bytes[index]
      switch b {
      case UInt8(ascii: "\""):
        index += 1
        flush()
        return parts
      case UInt8(ascii: "\\"):
        let escape = index
        index += 1
        switch peek() {
        case UInt8(ascii: "\""): text.append(0x22)
        case UInt8(ascii: "\\"): text.append(0x5C)
        case UInt8(ascii: "$"): text.append(0x24)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "r"): text.append(0x0D)
        case 0x0A: break  // an escaped newline continues the string without one
        case 0x0D where peek(1) == 0x0A: index += 1  // the same in a file saved with CRLF line ends
        default:
          throw error("unknown escape '\\\(source.text(index..<min(end, index + 1)))' in string", escape, index + 1)
        }
        index += 1
      case UInt8(ascii: "$") where peek(1) == UInt8(ascii: "{"):
        flush()
        let exprStart = index + 2
        var depth = 1
        var j = exprStart
        var inString = false
        while j < end {
          let c = bytes[j]
          if inString {
            if c == UInt8(ascii: "\\") { j += 1 } else if c == UInt8(ascii: "\"") { inString = false }
          } else if c == UInt8(ascii: "\"") {
            inString = true
          } else if c == UInt8(ascii: "{") {
            depth += 1
          } else if c == UInt8(ascii: "}") {
            depth -= 1
            if depth == 0 { break }
          }
          j += 1
        }
        guard j < end else { throw error("unterminated '${' in string: no closing '}'", index, index + 2) }
        guard nesting < 32 else { throw error("'${...}' nests deeper than 32 levels", index, index + 2) }
        var inner = Lexer(source, from: exprStart, to: j)
        inner.nesting = nesting + 1
        var innerTokens = try inner.run()
        innerTokens.removeAll { $0.kind == .newline }
        guard innerTokens.count > 1 else { throw error("empty '${}' in string", index, j + 1) }
        parts.append(.interpolation(innerTokens))
        index = j + 1
      case UInt8(ascii: "$") where Self.isIdentifierStart(peek(1)):
        flush()
        let nameStart = index + 1
        index += 1
        while index < end, Self.isIdentifierChar(bytes[index]) { index += 1 }
        parts.append(.variable(source.text(nameStart..<index), SourceRange(nameStart - 1, index)))
      default:
        text.append(b)
        index += 1
      }
    }
    throw error("unterminated string: no closing \"", open)
  }
}
