import L360JSON
import L360Language
import Testing

/// A compact S-expression of a statement, so parser tables stay readable.
func sexp(_ statement: Statement) -> String {
  switch statement {
  case .command(let c): return "(cmd \(c.name)\(c.arguments.map { " " + sexp($0) }.joined()))"
  case .expression(let e): return sexp(e)
  case .bind(let name, _, let value, _):
    switch value {
    case .expression(let e): return "(let \(name) \(sexp(e)))"
    case .command(let c): return "(let \(name) \(sexp(.command(c))))"
    case .pipeline(let p): return "(let \(name) \(sexp(.pipeline(p))))"
    }
  case .print(let es, _): return "(print\(es.map { " " + sexp($0) }.joined()))"
  case .assert(let c, let m, _): return "(assert \(sexp(c))\(m.map { " " + sexp($0) } ?? ""))"
  case .conditional(let branches, let otherwise, _):
    let b = branches.map { "(\(sexp($0.condition)) \($0.body.map(sexp).joined(separator: " ")))" }.joined(
      separator: " ")
    return "(if \(b)\(otherwise.map { " (else \($0.map(sexp).joined(separator: " ")))" } ?? ""))"
  case .loop(let name, let seq, let body, _):
    return "(for \(name) \(sexp(seq)) \(body.map(sexp).joined(separator: " ")))"
  case .set(let option, _, let value, _): return "(set \(option) \(sexp(value)))"
  case .source(let e, _): return "(source \(sexp(e)))"
  case .attempt(let body, let name, let handler, _):
    return "(try \(body.map(sexp).joined(separator: " ")) (catch \(name) \(handler.map(sexp).joined(separator: " "))))"
  case .exit(let code, let message, _): return "(exit \(sexp(code))\(message.map { " " + sexp($0) } ?? ""))"
  case .pipeline(let p):
    let source: String =
      switch p.source {
      case .expression(let e): sexp(e)
      case .command(let c): sexp(.command(c))
      case .pipeline(let inner): sexp(.pipeline(inner))
      }
    let stages = p.stages.map { stage -> String in
      switch stage {
      case .filter(let condition, _): "(where \(sexp(condition)))"
      case .select(let fields, _): "(select \(fields.map(\.path).joined(separator: " ")))"
      case .sort(let path, let descending, _): "(sort \(path)\(descending ? " desc" : ""))"
      case .first(let count, _): "(first \(sexp(count)))"
      }
    }
    return "(pipe \(source) \(stages.joined(separator: " ")))"
  }
}

func sexp(_ a: CommandArgument) -> String { a.key.map { "\($0)=\(sexp(a.value))" } ?? sexp(a.value) }

func sexp(_ e: Expression) -> String {
  switch e {
  case .literal(let j, _): return JSONWriter.compact(j)
  case .word(let w, _): return w
  case .string(let parts, _):
    return "\""
      + parts.map {
        if case .text(let t) = $0 { t } else if case .expression(let e) = $0 { "{\(sexp(e))}" } else { "" }
      }.joined() + "\""
  case .variable(let v, _): return "$\(v)"
  case .member(let b, let n, _): return "\(sexp(b)).\(n)"
  case .optionalMember(let b, let n, _): return "\(sexp(b))?.\(n)"
  case .index(let b, let i, _): return "\(sexp(b))[\(sexp(i))]"
  case .list(let es, _): return "[\(es.map(sexp).joined(separator: ","))]"
  case .object(let ms, _): return "{\(ms.map { "\($0.key):\(sexp($0.value))" }.joined(separator: ","))}"
  case .call(let n, let args, _): return "\(n)(\(args.map(sexp).joined(separator: ",")))"
  case .not(let x, _): return "(not \(sexp(x)))"
  case .binary(let op, let l, let r, _): return "(\(op) \(sexp(l)) \(sexp(r)))"
  case .piped(let p): return "(pipe \(p.stages.count))"
  }
}

private func parse(_ text: String) throws -> [String] {
  try Parser.parse(SourceFile(name: "t.l360", text: text)).statements.map(sexp)
}

/// Scripts with one syntax error each: the line, column and message a run reports.
let syntaxErrorTable: [(String, Int, Int, String)] = [
  ("try { print 1 }", 1, 16, "expected 'catch NAME { ... }' after the try block"),
  ("exit", 1, 5, "'exit' needs an exit code"),
  ("let = 1", 1, 5, "expected a variable name after 'let'"),
  ("integratoin list", 1, 1, "unknown command 'integratoin' (did you mean 'integration'?)"),
  (
    "help request GET /api/v2/users", 1, 1, "'help' is not a statement: at the prompt (l360 with no arguments) it works"
  ),
  ("if $x { print 1", 1, 16, "missing '}'"),
  ("print [1, 2", 1, 12, "expected ',' or ']'"),
  ("let x = {\"a\" 1}", 1, 14, "expected ':' after the object key"),
  ("print $a.", 1, 9, "expected a field name"),
  ("print lenn($x)", 1, 7, "unknown function 'lenn' (did you mean 'len'?)"),
  ("print 1 2 3\n}", 2, 1, "unexpected '}'"),
  ("let x = 1 == ", 1, 14, "expected a value"),
  ("print plain", 1, 7, "unexpected word 'plain' in an expression"),
]

@Suite("Parser")
struct ParserTests {
  @Test(
    "statements parse to the expected trees",
    arguments: [
      ("let g = \"62be\"", ["(let g \"62be\")"]),
      ("let i = integration create platform=p group=$g", ["(let i (cmd integration create platform=p group=$g))"]),
      ("courses upsert from courses.json into $i", ["(cmd courses upsert from courses.json into $i)"]),
      (
        "await $job timeout=10m; print $job.results[3].input.externalId",
        ["(cmd await $job timeout=10m)", "(print $job.results[3].input.externalId)"]
      ),
      ("print \"${job.succeeded} ok\", $e.errorMessage", ["(print \"{$job.succeeded} ok\" $e.errorMessage)"]),
      ("assert $a == 1 and not $b or $c < 2 \"msg\"", ["(assert (or (and (== $a 1) (not $b)) (< $c 2)) \"msg\")"]),
      (
        "if $x { print 1 } else if $y { print 2 } else { print 3 }",
        ["(if ($x (print 1)) ($y (print 2)) (else (print 3)))"]
      ),
      ("for e in $job.errors {\n  print $e\n}", ["(for e $job.errors (print $e))"]),
      ("for k in {\"a\": 1} { print $k }", ["(for k {a:1} (print $k))"]),
      ("set dry-run true\nsource \"common.l360\"", ["(set dry-run true)", "(source \"common.l360\")"]),
      ("let c = {\n  \"name\": \"A\",\n  \"subjects\": [$s, \"B\"]\n}", ["(let c {name:\"A\",subjects:[$s,\"B\"]})"]),
      ("$a + 1 + len([1, 2])", ["(+ (+ $a 1) len([1,2]))"]),
      ("catalog remove [{\"groupId\": $g}]", ["(cmd catalog remove [{groupId:$g}])"]),
      ("courses upsert read(\"c.jsonl\") into $i", ["(cmd courses upsert read(\"c.jsonl\") into $i)"]),
      ("courses upsert from read.json into $i", ["(cmd courses upsert from read.json into $i)"]),
      ("# only a comment\n\n;;", []),
      ("print $a ?? 1 == 1, $a?.b?.c", ["(print (== (?? $a 1) 1) $a?.b?.c)"]),
      (
        "if $x not in $l and \"a\" in $s { exit 2 \"no\" }",
        ["(if ((and (not in $x $l) (in \"a\" $s)) (exit 2 \"no\")))"]
      ),
      ("try { print 1 } catch e { print $e.code }", ["(try (print 1) (catch e (print $e.code)))"]),
      ("#!/usr/bin/env -S l360 run\nprint 1", ["(print 1)"]),
      ("integration list \\\n  platform=p", ["(cmd integration list platform=p)"]),
    ])
  func trees(text: String, expected: [String]) throws {
    #expect(try parse(text) == expected)
  }

  @Test("syntax errors say where, with a caret", arguments: syntaxErrorTable)
  func errors(text: String, line: Int, column: Int, message: String) {
    let source = SourceFile(name: "t.l360", text: text)
    #expect {
      _ = try Parser.parse(source)
    } throws: { error in
      isLocatedUsageError(error, in: source, line: line, column: column, message: message)
    }
  }

  @Test(
    "check's parse reports every syntax error and keeps the statements around them",
    arguments: [
      (
        "frob a b\nprint 1\nlet x = [1,\n 2,, 3]\nprint $x",
        ["(print 1)", "(let x null)", "(print $x)"],
        ["1:1: unknown command 'frob'", "4:4: expected a value"]
      ),
      (
        "if $x {\n  integratoin list\n  print 1\n}\nprint 2",
        ["(if ($x (print 1)))", "(print 2)"],
        ["2:3: unknown command 'integratoin' (did you mean 'integration'?)"]
      ),
      (
        "print 1 }\nprint 2 3 ]\nlet y = {\n  \"a\" 1\n}\nprint $y",
        ["(print 1)", "(let y null)", "(print $y)"],
        [
          "1:9: unexpected '}' with no open block", "2:11: expected a value, found ']'",
          "4:7: expected ':' after the object key",
        ]
      ),
      ("print 1\nif $x { print 2", ["(print 1)"], ["2:16: missing '}' to close this block"]),
      ("print \"open", [], ["1:7: unterminated string"]),
    ])
  func recovering(text: String, statements: [String], errors: [String]) {
    let source = SourceFile(name: "t.l360", text: text)
    let (script, found) = Parser.parseRecovering(source)
    #expect(script.statements.map(sexp) == statements)
    let located = found.map { error in
      let (line, column) = source.lineAndColumn(of: error.range?.start ?? 0)
      return "\(line):\(column): \(error.message)"
    }
    #expect(located.count == errors.count, "\(located)")
    for (got, expected) in zip(located, errors) { #expect(got.hasPrefix(expected), "\(got)") }
  }

  @Test("check's parse finds first the very error a run stops at", arguments: syntaxErrorTable)
  func recoveringAgreesWithParse(text: String, line: Int, column: Int, message: String) throws {
    let source = SourceFile(name: "t.l360", text: text)
    let thrown = try #require(throws: ScriptError.self) { _ = try Parser.parse(source) }
    let first = try #require(Parser.parseRecovering(source).errors.first)
    #expect(first.message == thrown.message && first.range == thrown.range)
  }

  @Test("deep nesting is an error, not a stack overflow")
  func deepNesting() {
    for text in [
      "print " + String(repeating: "[", count: 100_000), "print " + String(repeating: "(", count: 50_000) + "1",
      String(repeating: "if true { ", count: 5_000), "print " + String(repeating: "not ", count: 50_000) + "true",
      "print " + String(repeating: "\"${", count: 40) + "1" + String(repeating: "}\"", count: 40),
    ] {
      #expect {
        _ = try Parser.parse(SourceFile(name: "deep", text: text))
      } throws: { error in
        (error as? ScriptError)?.message.contains("deeper than") == true
      }
      // check reports it once, with at most one "missing '}'" after it, not one per open level.
      let errors = Parser.parseRecovering(SourceFile(name: "deep", text: text)).errors
      #expect(errors.first?.message.contains("deeper than") == true)
      #expect(errors.count <= 2, "\(errors.map(\.message))")
    }
  }

  @Test("the rendered error shows the line and a caret under the range")
  func rendering() throws {
    let source = SourceFile(name: "m.l360", text: "let a = 1\nintegration craete platform=x\n")
    let error = try #require(throws: ScriptError.self) {
      _ = try Parser.parse(source)
      _ = try CommandTableCheck.check(source)
    }
    #expect(
      error.description == """
        m.l360:2:13: error: unknown subcommand 'integration craete' (did you mean 'create'?); try: create, list, get, ensure, update, delete
        integration craete platform=x
                    ^~~~~~
        """)
  }
}

/// Runs the static checker and throws its first problem.
enum CommandTableCheck {
  static func check(_ source: SourceFile) throws -> Bool {
    let problems = StaticChecker.check(try Parser.parse(source))
    if let first = problems.first { throw first }
    return true
  }
}
