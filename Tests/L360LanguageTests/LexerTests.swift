import L360Language
import Testing

private func kinds(_ text: String) throws -> [TokenKind] {
  try Lexer.tokenize(SourceFile(name: "t", text: text)).map(\.kind)
}

@Suite("Lexer")
struct LexerTests {
  @Test(
    "tokens of typical lines",
    arguments: [
      (
        "integration create platform=myPlatform group=$g",
        [
          TokenKind.word("integration"), .word("create"), .key("platform"), .word("myPlatform"), .key("group"),
          .variable("g"), .end,
        ]
      ),
      (
        "courses upsert from courses.json into $i._id",
        [
          .word("courses"), .word("upsert"), .word("from"), .word("courses.json"), .word("into"), .variable("i"), .dot,
          .word("_id"), .end,
        ]
      ),
      ("logo=https://x.example/a?b=c#frag", [.key("logo"), .word("https://x.example/a?b=c#frag"), .end]),
      ("let n = 1.10 # a comment", [.word("let"), .word("n"), .op("="), .number("1.10"), .end]),
      (
        "$a == 2; $b != 'x'",
        [.variable("a"), .op("=="), .number("2"), .semicolon, .variable("b"), .op("!="), .rawString("x"), .end]
      ),
      ("await $j timeout=10m", [.word("await"), .variable("j"), .key("timeout"), .word("10m"), .end]),
      (
        "catalog remove course 586d1323bc4937445ed96c37",
        [.word("catalog"), .word("remove"), .word("course"), .word("586d1323bc4937445ed96c37"), .end]
      ),
      (
        "print $x[0] [1]",
        [
          .word("print"), .variable("x"), .leftBracket, .number("0"), .rightBracket, .leftBracket, .number("1"),
          .rightBracket, .end,
        ]
      ),
      ("a \\\n  b", [.word("a"), .word("b"), .end]),
      (
        "request GET /api/v2/users?status[eq]=active&mail[in]=a [1]",
        [
          .word("request"), .word("GET"), .word("/api/v2/users?status[eq]=active&mail[in]=a"), .leftBracket,
          .number("1"), .rightBracket, .end,
        ]
      ),
      // A variable or a quote ends a bare path (it needs quotes to hold one); a `\` still joins lines after it.
      (
        "save $x to /tmp/$name.json",
        [.word("save"), .variable("x"), .word("to"), .word("/tmp/"), .variable("name"), .dot, .word("json"), .end]
      ),
      (
        "request POST /api/v2/integrations\\\n  body=$b",
        [.word("request"), .word("POST"), .word("/api/v2/integrations"), .key("body"), .variable("b"), .end]
      ),
      (
        "if $a { request GET /api/v2/users}",
        [
          .word("if"), .variable("a"), .leftBrace, .word("request"), .word("GET"),
          .word("/api/v2/users"), .rightBrace, .end,
        ]
      ),
      // A script saved with CRLF line ends: the same continuations, in and out of strings.
      (
        "a \\\r\n  b\r\nprint \"x\\\r\ny\"",
        [.word("a"), .word("b"), .newline, .word("print"), .string([.text("xy")]), .end]
      ),
      (
        "{\n\"k\": [1,\n2]}",
        [
          .leftBrace, .newline, .string([.text("k")]), .colon, .leftBracket, .number("1"), .comma, .newline,
          .number("2"), .rightBracket, .rightBrace, .end,
        ]
      ),
    ])
  func tokens(text: String, expected: [TokenKind]) throws {
    #expect(try kinds(text) == expected)
  }

  @Test("strings interpolate $name and ${expression}; escapes work; single quotes are raw")
  func strings() throws {
    let tokens = try kinds(#""a $b ${c.d} \$e \"q\"" 'x $y'"#)
    guard case .string(let parts) = tokens[0] else {
      Issue.record("not a string: \(tokens[0])")
      return
    }
    #expect(parts.count == 5)
    #expect(parts[0] == .text("a "))
    if case .variable(let name, _) = parts[1] { #expect(name == "b") } else { Issue.record("no variable part") }
    if case .interpolation(let inner) = parts[3] {
      #expect(inner.map(\.kind) == [.word("c.d"), .end])
    } else {
      Issue.record("no interpolation part")
    }
    #expect(parts[4] == .text(#" $e "q""#))
    #expect(tokens[1] == .rawString("x $y"))
  }

  @Test("token ranges point at the source")
  func ranges() throws {
    let source = SourceFile(name: "t", text: "let x = 1\nprint $x")
    let tokens = try Lexer.tokenize(source)
    let variable = try #require(tokens.first { $0.kind == .variable("x") })
    #expect(source.lineAndColumn(of: variable.range.start) == (2, 7))
    #expect(source.text(variable.range.start..<variable.range.end) == "$x")
  }

  @Test(
    "lexical errors are located",
    arguments: [
      ("print \"abc", 1, 7, "unterminated string"),
      ("print $", 1, 7, "'$' must be followed by a variable name"),
      ("a b=", 1, 3, "needs a value"),
      ("print ! x", 1, 7, "write 'not'"),
      ("print \"${}\"", 1, 8, "empty '${}'"),
    ])
  func errors(text: String, line: Int, column: Int, message: String) {
    let source = SourceFile(name: "t", text: text)
    #expect {
      _ = try Lexer.tokenize(source)
    } throws: { error in
      isLocatedUsageError(error, in: source, line: line, column: column, message: message)
    }
  }

}
