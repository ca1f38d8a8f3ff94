import Foundation
import L360Language
import L360Sandbox
import L360TestSupport
import Testing

@Suite("Pipelines: where, select, sort and first over lists")
struct PipelineTests {
  @Test(
    "stages keep, shape, order and cut rows",
    arguments: [
      (
        #"[{"n": 3, "s": "c"}, {"n": 1, "s": "a"}, {"n": 2, "s": "b"}] | sort n | select s"#,
        #"[{"s":"a"},{"s":"b"},{"s":"c"}]"#
      ),
      (#"[{"n": 3}, {"n": 1}, {"n": 2}] | sort n desc | first 2"#, #"[{"n":3},{"n":2}]"#),
      (#"[{"n": 3, "t": "x"}, {"n": 1, "t": "y"}] | where n > 1 and t == "x""#, #"[{"n":3,"t":"x"}]"#),
      (#"[{"p": {"i": 5}}, {"p": {"i": 7}}, {"q": 1}] | where p.i >= 6 | select p.i"#, #"[{"p.i":7}]"#),
      (#"[{"s": "error"}, {"s": "ok"}, {}] | where s != "ok""#, #"[{"s":"error"},{}]"#),
      (#"[{"k": "b"}, {"k": null}, {"k": "a"}] | sort k | select k"#, #"[{"k":null},{"k":"a"},{"k":"b"}]"#),
      (#"{"a": 1, "b": 2} | select b"#, #"{"b":2}"#),
    ])
  func stages(pipeline: String, expected: String) async throws {
    let options = Options.jsonOutput
    let (host, error) = try await runScript("let rows = " + pipeline + "\n$rows", options: options)
    #expect(error == nil, "\(String(describing: error))")
    #expect(host.output.last == expected)
  }

  @Test("a command's list and a job's results go through stages; bare names are the row's, $variables the script's")
  func commandsAndJobs() async throws {
    let options = Options.jsonOutput
    let (host, error) = try await runScript(
      #"""
      let i = integration create platform=pipes group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      let job = courses upsert [{"externalId": "a", "name": "A", "defaultLang": "en", "launchUrl": "https://x.example", "subjects": [], "sources": []}, {"externalId": "b", "name": "B", "defaultLang": "en", "launchUrl": "https://x.example", "subjects": [], "sources": [], "authorId": "0123456789abcdef01234567"}] into $i
      await $job
      let wanted = "error"
      $job | where status == $wanted | select input.externalId
      integration list | where externalPlatform == "pipes" | select externalPlatform
      """#, options: options)
    #expect(error == nil, "\(String(describing: error))")
    #expect(host.output.contains(#"[{"input.externalId":"b"}]"#), "\(host.output)")
    #expect(host.output.last == #"[{"externalPlatform":"pipes"}]"#)
  }

  @Test(
    "mistakes are located errors that name the stage",
    arguments: [
      ("let limit = null\n[{\"n\": 1}] | where n > $limit", "cannot compare a number with a null using >"),
      ("[1] | wher x == 1", "unknown stage 'wher' (did you mean 'where'?)"),
      ("[1] | select", "expected a field name after 'select'"),
      (#""text" | where a == 1"#, "'where' needs a list of rows, not a string"),
      ("[{}] | first \"two\"", "'first' needs a count"),
    ])
  func mistakes(script: String, message: String) async throws {
    let (_, error) = try await runScript(script)
    #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    #expect(error?.range != nil)
  }

  @Test(
    "a pipeline in parentheses or as a function's argument is a value inside an expression",
    arguments: [
      (#"len($rows | where n > 1)"#, "2"),
      (#"($rows | sort n desc | first 1)[0].s"#, #""c""#),
      (#"len($rows | where n > 1) == 2 and len($rows | where s == "z") == 0"#, "true"),
      (#"keys(($rows | select s)[0])"#, #"["s"]"#),
      // A pipeline inside a where: the inner rows are the inner list's; the outer row comes back after it.
      (#"$nested | where len(tags | where t == "x") > 0 | select id"#, #"[{"id":1}]"#),
    ])
  func inExpressions(expression: String, expected: String) async throws {
    let options = Options.jsonOutput
    let setUp = #"""
      let rows = [{"n": 3, "s": "c"}, {"n": 1, "s": "a"}, {"n": 2, "s": "b"}]
      let nested = [{"id": 1, "tags": [{"t": "x"}]}, {"id": 2, "tags": [{"t": "y"}]}]
      """#
    let (host, error) = try await runScript(setUp + "\n" + expression, options: options)
    #expect(error == nil, "\(String(describing: error))")
    #expect(host.output.last == expected, "\(host.output)")
  }

  @Test("a pipeline inside an expression is checked like any other, and its mistakes are located")
  func inExpressionsChecked() async throws {
    let bad = StaticChecker.check(
      try Parser.parse(SourceFile(name: "p.l360", text: "print len($nope | where a == 1)")), predefined: [])
    #expect(bad.first?.message.contains("$nope") == true, "\(bad)")
    let (_, error) = try await runScript("let x = [{\"a\": 1}]\nprint len($x | where)")
    #expect(error?.message.contains("'where' needs a condition") == true, "\(String(describing: error))")
    #expect(error?.description.hasPrefix("test.l360:2:") == true, "\(String(describing: error))")
  }

  @Test("check knows a where's bare names are fields, and still finds undefined variables in it")
  func checked() throws {
    let good = StaticChecker.check(
      try Parser.parse(SourceFile(name: "p.l360", text: "[{}] | where a == 1")), predefined: [])
    #expect(good.isEmpty, "\(good)")
    let bad = StaticChecker.check(
      try Parser.parse(SourceFile(name: "p.l360", text: "[{}] | where a == $nope")), predefined: [])
    #expect(bad.first?.message.contains("$nope") == true, "\(bad)")
  }

  @Test("a | glued to a word is part of the word, as in key=a|b; with a space before it, it starts a stage")
  func gluedPipe() throws {
    let script = try Parser.parse(
      SourceFile(name: "p.l360", text: "integration list platform=a|b\nintegration list | first 1"))
    guard case .command(let call) = script.statements[0] else {
      Issue.record("a glued | made a pipeline")
      return
    }
    guard case .word(let value, _)? = call.arguments.first(where: { $0.key == "platform" })?.value else {
      Issue.record("the value is not a word")
      return
    }
    #expect(value == "a|b")
    guard case .pipeline = script.statements[1] else {
      Issue.record("a spaced | did not make a pipeline")
      return
    }
  }
}
