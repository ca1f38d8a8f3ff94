import Foundation
import L360Language
import L360Sandbox
import L360TestSupport
import Testing

@Suite("Membership, missing values, string functions, try/catch and exit")
struct LanguageFeatureTests {
  @Test(
    "expressions give the documented values",
    arguments: [
      (#"print "x" in ["x", "y"], 3 in [1, 2], 3 not in [1, 2]"#, "true false true"),
      (#"print "ell" in "hello", "a" in {"a": 1}, "b" not in {"a": 1}"#, "true true true"),
      (
        #"let o = {"a": {"b": 1}, "n": null}; print $o.zz ?? "d", $o.n ?? 5, $o.a?.b, $o.q?.r, $o.a.b ?? 9"#,
        "d 5 1 null 1"
      ),
      (#"let l = [1]; print $l[3] ?? "none", $l[0] ?? 7"#, "none 1"),
      (#"let o = {"n": 2}; print $o.n ?? 0 > 1"#, "true"),
      (#"print split("a,b,,c", ","), join(["a", 1, true], "-")"#, #"["a","b","","c"] a-1-true"#),
      (#"print replace("a_b_c", "_", "-"), lower("ÀB"), upper("àb"), trim("  t  ")"#, "a-b-c àb ÀB t"),
      (
        #"print startsWith("abc", "ab"), endsWith("abc", "b"), matches("ext-10", "^ext-[0-9]+$"), matches("x", "[0-9]")"#,
        "true false true false"
      ),
      (
        #"print int("42") + 1, int(-3.7), int(true), string([1]) + "!", values({"k": 2, "j": "v"})"#,
        #"43 -3 1 [1]! [2,"v"]"#
      ),
    ])
  func values(script: String, expected: String) async throws {
    let (host, error) = try await runScript(script)
    #expect(error == nil, "\(String(describing: error))")
    #expect(host.output.last == expected)
  }

  @Test(
    "wrong operands and arguments are located errors",
    arguments: [
      ("print 1 in 2", "'in' needs a list, a string or an object on its right, not a number"),
      (#"print 1 in "abc""#, "'in' a string needs a string on its left, not a number"),
      ("print $nope ?? 1", "$nope is not defined"),
      ("let l = [1]\nprint $l[$nope] ?? 1", "$nope is not defined"),
      (#"print split("abc")"#, "split() takes 2 arguments, not 1"),
      (#"print matches("a", "(")"#, "matches(): '(' is not a valid regular expression"),
      (#"print int("4x")"#, #"int(): "4x" is not a whole number"#),
      (#"print lower(3)"#, "lower() needs a string as argument 1, not a number"),
    ])
  func errors(script: String, message: String) async throws {
    let (_, error) = try await runScript(script)
    #expect(error?.message.contains(message) == true, "\(String(describing: error))")
  }

  @Test("try catches an API error with its code, status and line; the statements after it run")
  func tryCatch() async throws {
    let (host, error) = try await runScript(
      """
      try {
        let a = integration create platform=p group=\(SeedData.mainGroupId) author=\(SeedData.authorId)
        let b = integration create platform=p group=\(SeedData.mainGroupId) author=\(SeedData.authorId)
        print "not reached"
      } catch e {
        print $e.code, $e.status, $e.line, $e.file
      }
      try { assert 1 == 2 } catch failure { print $failure.code, $failure.status }
      print "after"
      """)
    #expect(error == nil, "\(String(describing: error))")
    #expect(host.output == ["duplicateExternalPlatform 400 3 test.l360", "assertion null", "after"])
  }

  @Test("exit ends the script with its code and message; a code outside 0-255 is refused")
  func exit() async throws {
    let (host, error) = try await runScript("print 1\nexit 4 \"bye\"\nprint 2")
    #expect(host.output == ["1"])
    #expect(error?.kind == .exit(4))
    #expect(error?.kind.exitCode == 4)
    #expect(error?.description == "bye")
    let (_, bad) = try await runScript("exit 300")
    #expect(bad?.message == "'exit' needs a whole number from 0 to 255, not 300")
    let (_, caught) = try await runScript("try { exit 5 } catch e { print 1 }")
    #expect(caught?.kind == .exit(5))
  }

  @Test("check knows the caught error's name and walks both blocks")
  func checkWalksTry() throws {
    let source = SourceFile(
      name: "t.l360", text: "try { print $undefinedInBody } catch e { print $e.message }\nprint $e.code\nexit 256")
    let problems = StaticChecker.check(try Parser.parse(source)).map(\.message)
    #expect(problems.count == 2, "\(problems)")
    #expect(problems.first?.hasPrefix("$undefinedInBody is used before it is defined") == true)
    #expect(problems.last == "'exit' needs a whole number from 0 to 255, not 256")
  }

  @Test(
    "inputs that would exhaust the stack are located errors: long chains, deep indexing",
    arguments: [
      "let x = " + Array(repeating: "1", count: 30_000).joined(separator: " + "),
      "let x = [1]\nprint $x" + String(repeating: "[0]", count: 100_000),
      "print $a" + String(repeating: ".b", count: 5_000),
      "print " + Array(repeating: "true", count: 5_000).joined(separator: " and "),
    ])
  func longChains(script: String) throws {
    let source = SourceFile(name: "long.l360", text: script)
    #expect(throws: ScriptError.self) { try Parser.parse(source) }
    let (_, errors) = Parser.parseRecovering(source)
    #expect(errors.first?.message == "an expression chains more than 1000 operators; split it with 'let'")
  }

  @Test("a CSV header nested thousands of levels deep is refused with its place, not a crash")
  func deepCSVHeader() async throws {
    let folder = try temporaryFolder("deep-header")
    let file = folder.appendingPathComponent("deep.csv")
    try Data((Array(repeating: "a", count: 50_000).joined(separator: ".") + "\nx\n").utf8).write(to: file)
    let (_, error) = try await runScript("print len(read(\"\(file.path)\"))")
    #expect(
      error?.message.contains("deep.csv:1: a CSV header nests 50000 levels") == true, "\(String(describing: error))")
  }
}
