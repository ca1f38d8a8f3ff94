import L360JSON
import L360Schema
import OrderedCollections

/// Builds statements from tokens.
///
/// Recursive descent, one token of look-ahead.
///
/// Newlines end statements, except inside `( )`, `[ ]` and JSON objects, where they are skipped so a
/// literal can span lines. Blocks (`if`, `for`) are `{ ... }` with statements inside.
public struct Parser {
  let source: SourceFile
  let tokens: [Token]
  var position = 0
  /// Inside `${...}` a bare name is a variable: `"${job.succeeded} ok"` reads `$job.succeeded`.
  var bareWordsAreVariables = false
  /// In a `where` stage, bare names are the fields of the row being tested.
  var bareWordsAreFields = false
  /// How deeply expressions nest; bounded so odd input fails with an error, not a stack overflow.
  var depth = 0
  static let maxDepth = 200
  /// The most operators (`+`, `and`, `.field`, `[i]`, ...) one chain may hold: a longer one builds a tree whose
  /// evaluation and release would exhaust the stack.
  static let maxChain = 1000
  /// When set, a statement with a syntax error is recorded in `errors` and skipped instead of ending the parse.
  var recovering = false
  /// The syntax errors met while `recovering`, in source order.
  var errors: [ScriptError] = []

  /// Parses a whole source; the first syntax error ends it (nothing may run from a script that does not parse).
  public static func parse(_ source: SourceFile) throws(ScriptError) -> Script {
    var parser = Parser(source: source, tokens: try Lexer.tokenize(source))
    return Script(source: source, statements: try parser.statements(untilBrace: false))
  }

  /// Parses a whole source and finds every syntax error, for `l360 check`: one typo does not hide the rest.
  ///
  /// A statement with an error is left out of `script` (a `let` in it still defines its name, so later uses of
  /// the variable are not reported as well), and parsing goes on after that statement's end.
  public static func parseRecovering(_ source: SourceFile) -> (script: Script, errors: [ScriptError]) {
    let tokens: [Token]
    do {
      tokens = try Lexer.tokenize(source)
    } catch {
      return (Script(source: source, statements: []), [error])
    }
    var parser = Parser(source: source, tokens: tokens)
    parser.recovering = true
    do {
      let statements = try parser.statements(untilBrace: false)
      return (Script(source: source, statements: statements), parser.errors)
    } catch {
      // Only an error outside any statement gets here, and recovery handles those; keep it all the same.
      return (Script(source: source, statements: []), parser.errors + [error])
    }
  }

  init(source: SourceFile, tokens: [Token]) {
    self.source = source
    self.tokens = tokens
  }

  /// Statement keywords; a script cannot use them as command names.
  public static let keywords: Set<String> = [
    "let", "print", "assert", "if", "else", "for", "in", "set", "source", "try", "catch", "exit",
  ]

  // MARK: - Token helpers

  var current: Token { tokens[position] }
  var kind: TokenKind { tokens[position].kind }

  mutating func advance() -> Token {
    let token = tokens[position]
    if position < tokens.count - 1 { position += 1 }
    return token
  }

  func error(_ message: String, _ range: SourceRange? = nil) -> ScriptError {
    ScriptError(message, kind: .usage, source: source, range: range ?? current.range)
  }

  func describe(_ kind: TokenKind) -> String {
    switch kind {
    case .word(let w): "'\(w)'"
    case .key(let k): "'\(k)='"
    case .number(let n): "number \(n)"
    case .string, .rawString: "a string"
    case .variable(let v): "$\(v)"
    case .dot: "'.'"
    case .optionalDot: "'?.'"
    case .leftBrace: "'{'"
    case .rightBrace: "'}'"
    case .leftBracket: "'['"
    case .rightBracket: "']'"
    case .leftParen: "'('"
    case .rightParen: "')'"
    case .comma: "','"
    case .colon: "':'"
    case .op(let o): "'\(o)'"
    case .newline: "end of line"
    case .semicolon: "';'"
    case .end: "end of input"
    }
  }

  mutating func expect(_ expected: TokenKind, _ what: String) throws(ScriptError) -> Token {
    guard kind == expected else { throw error("expected \(what), found \(describe(kind))") }
    return advance()
  }

  mutating func skipNewlines() {
    while kind == .newline || kind == .semicolon { _ = advance() }
  }

  mutating func skipLineBreaks() {
    while kind == .newline { _ = advance() }
  }

  var atStatementEnd: Bool {
    switch kind {
    case .newline, .semicolon, .end, .rightBrace: true
    default: false
    }
  }

  // MARK: - Statements

  mutating func statements(untilBrace: Bool) throws(ScriptError) -> [Statement] {
    var result: [Statement] = []
    while true {
      skipNewlines()
      if kind == .end {
        if untilBrace { throw error("missing '}' to close this block") }
        return result
      }
      if kind == .rightBrace {
        if untilBrace { return result }
        guard recovering else { throw error("unexpected '}' with no open block") }
        errors.append(error("unexpected '}' with no open block"))
        _ = advance()
        continue
      }
      let start = position
      do throws(ScriptError) {
        result.append(try statement())
        guard atStatementEnd else {
          throw error("unexpected \(describe(kind)); a statement ends at a newline or ';'")
        }
      } catch {
        guard recovering else { throw error }
        // A block left open reports "missing '}'" once per enclosing level, all at the end: keep one.
        if errors.last?.message != error.message || errors.last?.range != error.range { errors.append(error) }
        result.append(contentsOf: placeholderBinding(at: start))
        skipStatement(from: start)
      }
    }
  }

  /// After a syntax error, moves past the statement that began at `start`: to its newline or `;`, skipping
  /// whatever its brackets enclose (a block's body, a JSON literal over several lines), or to the `}` that closes
  /// the enclosing block.
  mutating func skipStatement(from start: Int) {
    position = start
    var open = 0
    while kind != .end {
      switch kind {
      case .leftBrace, .leftBracket, .leftParen: open += 1
      case .rightBrace, .rightBracket, .rightParen:
        if open == 0 && kind == .rightBrace { return }
        open = max(0, open - 1)
      case .newline, .semicolon:
        if open == 0 { return }
      default: break
      }
      _ = advance()
    }
  }

  /// `let NAME = ...` that failed to parse still defines NAME (as null), so `check` does not also report every
  /// later use of it.
  func placeholderBinding(at start: Int) -> [Statement] {
    guard start + 1 < tokens.count, tokens[start].kind == .word("let") else { return [] }
    let nameToken = tokens[start + 1]
    let name: String
    switch nameToken.kind {
    case .word(let w), .variable(let w), .key(let w): name = w
    default: return []
    }
    return [
      .bind(
        name: name, nameRange: nameToken.range, value: .expression(.literal(nil, nameToken.range)),
        range: nameToken.range)
    ]
  }

  mutating func block() throws(ScriptError) -> [Statement] {
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maxDepth else { throw error("blocks nest deeper than \(Self.maxDepth) levels") }
    _ = try expect(.leftBrace, "'{' to open a block")
    let body = try statements(untilBrace: true)
    _ = advance()
    return body
  }

  mutating func statement() throws(ScriptError) -> Statement {
    let start = current.range
    if case .word(let word) = kind, !(tokens[position + 1].kind == .leftParen && !tokens[position + 1].spaceBefore) {
      switch word {
      case "let": return try letStatement()
      case "print":
        _ = advance()
        var values: [Expression] = []
        while !atStatementEnd {
          values.append(try expression())
          if kind == .comma { _ = advance() }
        }
        return .print(values, start.union(values.last?.range ?? start))
      case "assert":
        _ = advance()
        let condition = try expression()
        var message: Expression?
        if !atStatementEnd {
          if kind == .comma { _ = advance() }
          message = try expression()
        }
        return .assert(condition, message: message, start.union(message?.range ?? condition.range))
      case "if": return try ifStatement()
      case "try": return try tryStatement()
      case "exit":
        _ = advance()
        guard !atStatementEnd else { throw error("'exit' needs an exit code, like: exit 1 \"what went wrong\"") }
        let code = try expression()
        var message: Expression?
        if !atStatementEnd {
          if kind == .comma { _ = advance() }
          message = try expression()
        }
        return .exit(code: code, message: message, start.union(message?.range ?? code.range))
      case "catch":
        throw error("'catch' must follow the '}' of a try block on the same line")
      case "for":
        _ = advance()
        guard case .variable(let name) = kind else {
          guard case .word(let name) = kind else { throw error("expected a loop variable name after 'for'") }
          _ = advance()
          return try forRest(name, start)
        }
        _ = advance()
        return try forRest(name, start)
      case "set":
        _ = advance()
        guard case .word(let option) = kind else {
          throw error("expected an option name after 'set' (output, dry-run, ...)")
        }
        let optionRange = advance().range
        guard !atStatementEnd else { throw error("'set \(option)' needs a value") }
        let value = try argumentValue()
        return .set(option: option, optionRange: optionRange, value: value, start.union(value.range))
      case "source":
        _ = advance()
        let path = try argumentValue()
        return .source(path, start.union(path.range))
      case "else":
        throw error("'else' must follow the '}' of an if block on the same line")
      default:
        if CommandTable.isCommand(word) {
          let call = try command()
          return try pipeline(after: .command(call), from: call.range).map(Statement.pipeline) ?? .command(call)
        }
        // The prompt's own words are not statements: say where they work instead of guessing a command.
        if ["help", "vars", "history", "save-script"].contains(word) {
          throw error(
            "'\(word)' is not a statement: at the prompt (l360 with no arguments) it works on a line of its own; in a shell, l360 --help and l360 run --help explain the rest",
            current.range)
        }
        let suggestion =
          closest(to: word, among: CommandTable.names + Self.keywords.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
        throw error("unknown command '\(word)'\(suggestion)", current.range)
      }
    }
    let value = try expression()
    return try pipeline(after: .expression(value), from: value.range).map(Statement.pipeline) ?? .expression(value)
  }

  /// The stages after a value, when a `|` follows it: `| where CONDITION`, `| select FIELD, ...`,
  /// `| sort FIELD [desc]`, `| first N`.
  mutating func pipeline(after source: BoundValue, from start: SourceRange) throws(ScriptError) -> Pipeline? {
    guard kind == .op("|") else { return nil }
    var stages: [PipeStage] = []
    while kind == .op("|") {
      _ = advance()
      guard case .word(let stage) = kind else {
        throw error("expected a stage after '|': where, select, sort or first")
      }
      let stageRange = advance().range
      switch stage {
      case "where":
        guard !atStatementEnd && kind != .op("|") && kind != .rightParen else {
          throw error("'where' needs a condition, like: where status == \"error\"")
        }
        // Bare names are the row's fields: `where status == "error"`.
        let saved = bareWordsAreFields
        bareWordsAreFields = true
        defer { bareWordsAreFields = saved }
        let condition = try expression(allowBraceLiteral: false)
        stages.append(.filter(condition, stageRange.union(condition.range)))
      case "select":
        var fields: [(path: String, range: SourceRange)] = []
        while true {
          guard case .word(let field) = kind else {
            throw error("expected a field name after 'select', like: select _id, status")
          }
          fields.append((field, advance().range))
          guard kind == .comma else { break }
          _ = advance()
        }
        stages.append(.select(fields, stageRange.union(fields.last?.range ?? stageRange)))
      case "sort":
        guard case .word(let field) = kind else {
          throw error("expected a field name after 'sort', like: sort createdAt desc")
        }
        var end = advance().range
        var descending = false
        if case .word(let order) = kind, order == "desc" || order == "asc" {
          descending = order == "desc"
          end = advance().range
        }
        stages.append(.sort(path: field, descending: descending, stageRange.union(end)))
      case "first":
        guard !atStatementEnd && kind != .op("|") && kind != .rightParen else {
          throw error("'first' needs a count, like: first 10")
        }
        let count = try expression(allowBraceLiteral: false)
        stages.append(.first(count, stageRange.union(count.range)))
      default:
        let hint =
          closest(to: stage, among: ["where", "select", "sort", "first"]).map { " (did you mean '\($0)'?)" } ?? ""
        throw error("unknown stage '\(stage)'\(hint); a pipeline takes where, select, sort and first", stageRange)
      }
    }
    return Pipeline(source: source, stages: stages, range: start.union(stages.last?.range ?? start))
  }

  /// An expression, or a pipeline of it when `|` follows: inside parentheses and as a function's argument, where
  /// the `)` says where the pipeline ends (`len($jobs | where status == "error")`).
  mutating func pipedExpression() throws(ScriptError) -> Expression {
    let value = try expression()
    return try pipeline(after: .expression(value), from: value.range).map(Expression.piped) ?? value
  }

  mutating func forRest(_ name: String, _ start: SourceRange) throws(ScriptError) -> Statement {
    guard case .word("in") = kind else { throw error("expected 'in' after 'for \(name)'") }
    _ = advance()
    let sequence = try expression(allowBraceLiteral: false)
    let body = try block()
    return .loop(name: name, sequence: sequence, body: body, start.union(tokens[position - 1].range))
  }

  mutating func letStatement() throws(ScriptError) -> Statement {
    let start = advance().range
    let name: String
    switch kind {
    case .word(let w) where Lexer.isIdentifierStart(w.utf8.first ?? 0) && !w.contains("."): name = w
    case .variable(let v): name = v
    case .key(let k):
      // `let x=1` lexes as a key; accept it.
      name = k
    default: throw error("expected a variable name after 'let'")
    }
    let nameToken = advance()
    if case .key = nameToken.kind {
    } else {
      guard kind == .op("=") else { throw error("expected '=' after 'let \(name)'") }
      _ = advance()
    }
    guard !atStatementEnd else { throw error("'let \(name) =' needs a value") }
    if case .word(let word) = kind, CommandTable.isCommand(word),
      !(tokens[position + 1].kind == .leftParen && !tokens[position + 1].spaceBefore)
    {
      let call = try command()
      if let piped = try pipeline(after: .command(call), from: call.range) {
        return .bind(name: name, nameRange: nameToken.range, value: .pipeline(piped), range: start.union(piped.range))
      }
      return .bind(name: name, nameRange: nameToken.range, value: .command(call), range: start.union(call.range))
    }
    let value = try expression()
    if let piped = try pipeline(after: .expression(value), from: value.range) {
      return .bind(name: name, nameRange: nameToken.range, value: .pipeline(piped), range: start.union(piped.range))
    }
    return .bind(name: name, nameRange: nameToken.range, value: .expression(value), range: start.union(value.range))
  }

  mutating func tryStatement() throws(ScriptError) -> Statement {
    let start = advance().range
    let body = try block()
    guard case .word("catch") = kind else { throw error("expected 'catch NAME { ... }' after the try block") }
    _ = advance()
    let name: String
    switch kind {
    case .word(let word): name = word
    case .variable(let variable): name = variable
    default: throw error("expected a name for the error after 'catch', like: catch e { print $e.message }")
    }
    _ = advance()
    let handler = try block()
    return .attempt(body: body, errorName: name, handler: handler, start.union(tokens[position - 1].range))
  }

  mutating func ifStatement() throws(ScriptError) -> Statement {
    let start = advance().range
    var branches: [(condition: Expression, body: [Statement])] = []
    var otherwise: [Statement]?
    let condition = try expression(allowBraceLiteral: false)
    branches.append((condition, try block()))
    while case .word("else") = kind {
      _ = advance()
      if case .word("if") = kind {
        _ = advance()
        let next = try expression(allowBraceLiteral: false)
        branches.append((next, try block()))
      } else {
        otherwise = try block()
        break
      }
    }
    return .conditional(branches: branches, otherwise: otherwise, start.union(tokens[position - 1].range))
  }

  // MARK: - Commands

  mutating func command() throws(ScriptError) -> CommandCall {
    let nameToken = advance()
    guard case .word(let name) = nameToken.kind else { throw error("expected a command") }
    var arguments: [CommandArgument] = []
    while !atStatementEnd && kind != .op("|") {
      if case .key(let key) = kind {
        let keyRange = advance().range
        let value = try argumentValue()
        arguments.append(CommandArgument(key: key, keyRange: keyRange, value: value))
      } else {
        arguments.append(CommandArgument(key: nil, keyRange: nil, value: try argumentValue()))
      }
    }
    let end = arguments.last?.range ?? nameToken.range
    return CommandCall(name: name, nameRange: nameToken.range, arguments: arguments, range: nameToken.range.union(end))
  }

  /// One command argument: a bare word, a literal, a variable with its fields, a function call, `(expression)` or
  /// JSON.
  mutating func argumentValue() throws(ScriptError) -> Expression {
    switch kind {
    case .word(let w)
    where Functions.names.contains(w) && tokens[position + 1].kind == .leftParen && !tokens[position + 1].spaceBefore:
      // `courses upsert read("courses.jsonl") into $i`: a call, as in an expression.
      return try postfix(allowBraceLiteral: true)
    case .word(let w):
      let range = advance().range
      switch w {
      case "true": return .literal(true, range)
      case "false": return .literal(false, range)
      case "null": return .literal(nil, range)
      default: return .word(w, range)
      }
    case .variable, .string, .rawString, .number, .leftParen, .leftBracket, .leftBrace:
      return try postfix(allowBraceLiteral: true)
    default:
      throw error("unexpected \(describe(kind)) in a command")
    }
  }

  // MARK: - Expressions

  /// Counts one more operator of a chain, refusing a chain longer than ``maxChain``.
  func lengthen(_ chain: inout Int) throws(ScriptError) {
    chain += 1
    guard chain <= Self.maxChain else {
      throw error("an expression chains more than \(Self.maxChain) operators; split it with 'let'")
    }
  }

  mutating func expression(allowBraceLiteral: Bool = true) throws(ScriptError) -> Expression {
    try orExpression(allowBraceLiteral)
  }

  mutating func orExpression(_ braces: Bool) throws(ScriptError) -> Expression {
    var left = try andExpression(braces)
    var chain = 0
    while case .word("or") = kind {
      try lengthen(&chain)
      _ = advance()
      let right = try andExpression(braces)
      left = .binary("or", left, right, left.range.union(right.range))
    }
    return left
  }

  mutating func andExpression(_ braces: Bool) throws(ScriptError) -> Expression {
    var left = try notExpression(braces)
    var chain = 0
    while case .word("and") = kind {
      try lengthen(&chain)
      _ = advance()
      let right = try notExpression(braces)
      left = .binary("and", left, right, left.range.union(right.range))
    }
    return left
  }

  mutating func notExpression(_ braces: Bool) throws(ScriptError) -> Expression {
    if case .word("not") = kind {
      depth += 1
      defer { depth -= 1 }
      guard depth <= Self.maxDepth else { throw error("expressions nest deeper than \(Self.maxDepth) levels") }
      let start = advance().range
      let operand = try notExpression(braces)
      return .not(operand, start.union(operand.range))
    }
    return try comparison(braces)
  }

  mutating func comparison(_ braces: Bool) throws(ScriptError) -> Expression {
    let left = try coalescing(braces)
    if case .op(let op) = kind, ["==", "!=", "<", "<=", ">", ">="].contains(op) {
      _ = advance()
      let right = try coalescing(braces)
      return .binary(op, left, right, left.range.union(right.range))
    }
    if case .word("in") = kind {
      _ = advance()
      let right = try coalescing(braces)
      return .binary("in", left, right, left.range.union(right.range))
    }
    if case .word("not") = kind, case .word("in") = tokens[position + 1].kind {
      _ = advance()
      _ = advance()
      let right = try coalescing(braces)
      return .binary("not in", left, right, left.range.union(right.range))
    }
    if kind == .op("=") { throw error("'=' assigns only in 'let'; compare with '=='") }
    return left
  }

  /// `a ?? b`: `b` when `a` is null or a missing field; binds tighter than comparisons (`$x.n ?? 0 > 3`).
  mutating func coalescing(_ braces: Bool) throws(ScriptError) -> Expression {
    var left = try additive(braces)
    var chain = 0
    while kind == .op("??") {
      try lengthen(&chain)
      _ = advance()
      let right = try additive(braces)
      left = .binary("??", left, right, left.range.union(right.range))
    }
    return left
  }

  mutating func additive(_ braces: Bool) throws(ScriptError) -> Expression {
    var left = try postfix(allowBraceLiteral: braces)
    var chain = 0
    while kind == .op("+") {
      try lengthen(&chain)
      _ = advance()
      let right = try postfix(allowBraceLiteral: braces)
      left = .binary("+", left, right, left.range.union(right.range))
    }
    return left
  }

  mutating func postfix(allowBraceLiteral: Bool) throws(ScriptError) -> Expression {
    var value = try primary(allowBraceLiteral: allowBraceLiteral)
    var chain = 0
    while true {
      if kind == .dot || kind == .optionalDot || (kind == .leftBracket && !current.spaceBefore) {
        try lengthen(&chain)
      }
      if kind == .dot || kind == .optionalDot {
        let optional = advance().kind == .optionalDot
        guard case .word(let name) = kind else { throw error("expected a field name after '.'") }
        let range = advance().range
        value =
          optional
          ? .optionalMember(value, name, value.range.union(range)) : .member(value, name, value.range.union(range))
      } else if kind == .leftBracket && !current.spaceBefore {
        _ = advance()
        skipLineBreaks()
        let index = try expression()
        skipLineBreaks()
        let close = try expect(.rightBracket, "']' to close the index")
        value = .index(value, index, value.range.union(close.range))
      } else {
        return value
      }
    }
  }

  mutating func primary(allowBraceLiteral: Bool) throws(ScriptError) -> Expression {
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maxDepth else { throw error("expressions nest deeper than \(Self.maxDepth) levels") }
    let token = current
    switch token.kind {
    case .number(let text):
      _ = advance()
      return .literal(.number(JSONNumber(validatedText: text)), token.range)
    case .string(let parts):
      _ = advance()
      return .string(try templateParts(parts), token.range)
    case .rawString(let text):
      _ = advance()
      return .string([.text(text)], token.range)
    case .variable(let name):
      _ = advance()
      return .variable(name, token.range)
    case .leftParen:
      _ = advance()
      skipLineBreaks()
      let inner = try pipedExpression()
      skipLineBreaks()
      _ = try expect(.rightParen, "')'")
      return inner
    case .leftBracket:
      _ = advance()
      var elements: [Expression] = []
      skipLineBreaks()
      while kind != .rightBracket {
        elements.append(try expression())
        skipLineBreaks()
        if kind == .comma {
          _ = advance()
          skipLineBreaks()
        } else if kind != .rightBracket {
          throw error("expected ',' or ']' in list, found \(describe(kind))")
        }
      }
      let close = advance()
      return .list(elements, token.range.union(close.range))
    case .leftBrace where allowBraceLiteral || startsObjectLiteral:
      _ = advance()
      var members: [(key: String, value: Expression)] = []
      var seen = Set<String>()
      skipLineBreaks()
      while kind != .rightBrace {
        let keyToken = current
        let key: String
        switch keyToken.kind {
        case .string(let parts):
          guard parts.allSatisfy({ if case .text = $0 { true } else { false } }) else {
            throw error("object keys cannot be interpolated")
          }
          key = parts.map { if case .text(let t) = $0 { t } else { "" } }.joined()
        case .rawString(let text): key = text
        case .word(let w): key = w
        case .key(let k):
          // `{a=1}` is not JSON; say so clearly.
          throw error("object members are written \"\(k)\": value")
        default: throw error("expected a string key in object, found \(describe(keyToken.kind))")
        }
        _ = advance()
        guard seen.insert(key).inserted else { throw error("duplicate key \"\(key)\" in object", keyToken.range) }
        skipLineBreaks()
        _ = try expect(.colon, "':' after the object key")
        skipLineBreaks()
        members.append((key, try expression()))
        skipLineBreaks()
        if kind == .comma {
          _ = advance()
          skipLineBreaks()
        } else if kind != .rightBrace {
          throw error("expected ',' or '}' in object, found \(describe(kind))")
        }
      }
      let close = advance()
      return .object(members, token.range.union(close.range))
    case .word(let word):
      if tokens[position + 1].kind == .leftParen && !tokens[position + 1].spaceBefore {
        _ = advance()
        _ = advance()
        var arguments: [Expression] = []
        skipLineBreaks()
        while kind != .rightParen {
          arguments.append(try pipedExpression())
          skipLineBreaks()
          if kind == .comma {
            _ = advance()
            skipLineBreaks()
          } else if kind != .rightParen {
            throw error("expected ',' or ')' after a function argument")
          }
        }
        let close = advance()
        guard Functions.names.contains(word) else {
          let hint = closest(to: word, among: Functions.names).map { " (did you mean '\($0)'?)" } ?? ""
          throw error("unknown function '\(word)'\(hint)", token.range)
        }
        return .call(word, arguments, token.range.union(close.range))
      }
      _ = advance()
      switch word {
      case "true": return .literal(true, token.range)
      case "false": return .literal(false, token.range)
      case "null": return .literal(nil, token.range)
      case _ where bareWordsAreFields && Lexer.isIdentifierStart(word.utf8.first ?? 0):
        // In a `where`: the row's field (null when the row has none).
        var value = Expression.variable(Interpreter.rowVariable, token.range)
        for part in word.split(separator: ".") { value = .optionalMember(value, String(part), token.range) }
        return value
      case _ where bareWordsAreVariables && Lexer.isIdentifierStart(word.utf8.first ?? 0):
        let parts = word.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(Lexer.isIdentifierChar) }) else {
          throw error("'\(word)' is not a variable name", token.range)
        }
        var value = Expression.variable(
          parts[0], SourceRange(token.range.start, token.range.start + parts[0].utf8.count))
        for part in parts.dropFirst() { value = .member(value, part, token.range) }
        return value
      default:
        if DurationValue.parse(word) != nil { return .word(word, token.range) }
        throw error(
          "unexpected word '\(word)' in an expression (quote text: \"\(word)\"; variables start with $)", token.range)
      }
    default:
      throw error("expected a value, found \(describe(token.kind))")
    }
  }

  /// After `for x in` or `if`, a `{` opens the block, unless it clearly starts an object: `{"key":`.
  var startsObjectLiteral: Bool {
    var i = position + 1
    while tokens[i].kind == .newline { i += 1 }
    switch tokens[i].kind {
    case .string, .rawString: return tokens[min(i + 1, tokens.count - 1)].kind == .colon
    default: return false
    }
  }

  mutating func templateParts(_ parts: [StringPart]) throws(ScriptError) -> [TemplatePart] {
    var result: [TemplatePart] = []
    for part in parts {
      switch part {
      case .text(let t): result.append(.text(t))
      case .variable(let name, let range): result.append(.expression(.variable(name, range)))
      case .interpolation(let inner):
        var sub = Parser(source: source, tokens: inner)
        sub.bareWordsAreVariables = true
        let expression = try sub.expression()
        guard sub.kind == .end else { throw sub.error("unexpected \(sub.describe(sub.kind)) in '${...}'") }
        result.append(.expression(expression))
      }
    }
    return result
  }
}
