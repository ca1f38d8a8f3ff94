/// Tells a prompt whether typed text is a complete statement or needs more lines: an open `{`,
/// `[`, `(` or string, or a trailing `\`, continues onto the next line.
public enum InputCompleteness {
  /// True when `text` cannot end here yet.
  public static func needsMoreInput(_ text: String) -> Bool {
    var trimmed = Substring(text)
    while let last = trimmed.last, last == " " || last == "\t" || last == "\n" { trimmed.removeLast() }
    if trimmed.hasSuffix("\\") { return true }
    let tokens: [Token]
    do {
      tokens = try Lexer.tokenize(SourceFile(name: "", text: text))
    } catch {
      return error.message.hasPrefix("unterminated string") || error.message.hasPrefix("unterminated '${'")
    }
    var depth = 0
    for token in tokens {
      switch token.kind {
      case .leftBrace, .leftBracket, .leftParen: depth += 1
      case .rightBrace, .rightBracket, .rightParen: depth -= 1
      default: break
      }
    }
    return depth > 0
  }
}
