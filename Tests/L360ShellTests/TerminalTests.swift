import Foundation
import L360Sandbox
import L360TestSupport
import Testing

/// The prompt in a real terminal (tmux), checked as a new user would use it.
///
/// (tmux's capture drops trailing spaces, so prompts are matched without theirs.)
@Suite("The prompt in a real terminal", .enabled(if: TerminalSession.isAvailable, "tmux is not installed"), .serialized)
struct TerminalTests {
  func freshState() throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("l360-state-\(UUID().uuidString)")
      .path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
  }

  func shell(_ state: String) throws -> TerminalSession {
    try TerminalSession(
      [l360Executable.path], environment: ["XDG_STATE_HOME": state, "NO_COLOR": "1", "LANG": "C.UTF-8"])
  }

  @Test("Tab completes commands and variables; a JSON literal typed over three lines runs")
  func completionAndContinuation() async throws {
    let state = try freshState()
    let terminal = try shell(state)
    try await terminal.waitFor("l360 sandbox>")
    try terminal.type("integ")
    try terminal.send("Tab")
    // The space after the completed word is there: typing on gives "integration list".
    try terminal.type("list")
    try await terminal.waitFor("l360 sandbox> integration list")
    try terminal.send("C-u")
    try terminal.type("let interesting = 42")
    try terminal.send("Enter")
    try await terminal.waitFor("l360 sandbox>", count: 2)
    try terminal.type("print $inte")
    try terminal.send("Tab")
    try await terminal.waitFor("print $interesting")
    try terminal.send("Enter")
    try await terminal.waitFor("\n42\n")
    try terminal.type("let c = {")
    try terminal.send("Enter")
    try await terminal.waitFor("...>")
    try terminal.type(#""name": "é ✓","#)
    try terminal.send("Enter")
    try terminal.type(#""n": [1, 2]}"#)
    try terminal.send("Enter")
    try terminal.type("print $c.name, $c.n[1]")
    try terminal.send("Enter")
    try await terminal.waitFor("é ✓ 2")
    try await terminal.endAtPrompt("l360 sandbox>")
    try await terminal.waitForExit()
    #expect(terminal.exitStatus == 0)
  }

  @Test("history survives a restart, holds no secret (even one bound to a variable first), and is mode 0600")
  func history() async throws {
    let state = try freshState()
    do {
      let terminal = try shell(state)
      try await terminal.waitFor("l360 sandbox>")
      try terminal.type("print \"remember me\"")
      try terminal.send("Enter")
      try await terminal.waitFor("l360 sandbox>", count: 2)
      try terminal.type("connect sandbox client-id=x client-secret=hunter2")
      try terminal.send("Enter")
      try await terminal.waitFor("connected to sandbox")
      // A secret bound to a variable first is only known to be one when connect uses it: its line then leaves.
      try terminal.type("let s = \"swordfish\"")
      try terminal.send("Enter")
      try await terminal.waitFor("l360 sandbox>", count: 4)
      try terminal.type("connect sandbox client-id=x client-secret=$s")
      try terminal.send("Enter")
      try await terminal.waitFor("connected to sandbox", count: 2)
      try await terminal.endAtPrompt("l360 sandbox>")
      try await terminal.waitForExit()
    }
    let path = state + "/l360/history"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains("remember"))
    #expect(!text.contains("hunter2"))
    #expect(!text.contains("swordfish"))
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o600)

    let again = try shell(state)
    try await again.waitFor("l360 sandbox>")
    try again.send("Up")
    try await again.waitFor("l360 sandbox> print \"remember me\"")
    try again.send("C-u")
    try again.type("history")
    try again.send("Enter")
    try await again.waitFor("1  print \"remember me\"")
    try await again.endAtPrompt("l360 sandbox>")
    try await again.waitForExit()
  }

  @Test("Ctrl-C during await returns to the prompt within a second; a second await finishes the job")
  func interruptAwait() async throws {
    let terminal = try shell(try freshState())
    try await terminal.waitFor("l360 sandbox>")
    try terminal.type(
      "let i = integration create platform=ctrlc group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386")
    try terminal.send("Enter")
    try await terminal.waitFor("l360 sandbox>", count: 2)
    try terminal.type(
      #"let job = courses upsert [{"externalId": "a", "name": "A", "defaultLang": "en", "launchUrl": "https://x.example", "subjects": [], "sources": []}] into $i"#
    )
    try terminal.send("Enter")
    try await terminal.waitFor("l360 sandbox>", count: 3)
    try terminal.type("await $job every=100ms")
    try terminal.send("Enter")
    // One live progress line while it waits.
    try await terminal.waitFor("/1 importExternalCourses")
    let clock = ContinuousClock()
    let pressed = clock.now
    try terminal.send("C-c")
    let screen = try await terminal.waitFor("the job keeps running on the server", timeout: .seconds(5))
    #expect(clock.now - pressed < .seconds(1))
    #expect(screen.contains("interrupted\nl360 sandbox>"))
    try terminal.type("await $job")
    try terminal.send("Enter")
    try await terminal.waitFor("importExternalCourses completed 1 ok 0 failed")
    try await terminal.endAtPrompt("l360 sandbox>")
    try await terminal.waitForExit()
  }

  @Test("--quiet at the prompt draws no live line while an await waits; the result is still printed")
  func quietPrompt() async throws {
    let terminal = try TerminalSession(
      [l360Executable.path, "--quiet"],
      environment: ["XDG_STATE_HOME": try freshState(), "NO_COLOR": "1", "LANG": "C.UTF-8"])
    try await terminal.waitFor("l360 sandbox>")
    try terminal.type(
      #"let i = integration create platform=hush group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386; let job = courses upsert [{"externalId": "a", "name": "A", "defaultLang": "en", "launchUrl": "https://x.example", "subjects": [], "sources": []}] into $i"#
    )
    try terminal.send("Enter")
    try await terminal.waitFor("l360 sandbox>", count: 2)
    try terminal.type("await $job every=100ms")
    try terminal.send("Enter")
    var sawLiveLine = false
    var screen = ""
    while !screen.contains("completed 1 ok 0 failed") {
      screen = try terminal.screen()
      if screen.contains("/1 importExternalCourses") { sawLiveLine = true }
      try await Task.sleep(for: .milliseconds(30))
    }
    #expect(!sawLiveLine, "\(screen)")
    try await terminal.endAtPrompt("l360 sandbox>")
    try await terminal.waitForExit()
  }

  @Test("the environment's client secret is masked at the prompt before any connection uses it")
  func environmentSecretMasked() async throws {
    let terminal = try TerminalSession(
      [l360Executable.path, "--base-url", "http://127.0.0.1:9"],
      environment: [
        "XDG_STATE_HOME": try freshState(), "NO_COLOR": "1", "L360_CLIENT_ID": "someone",
        "L360_CLIENT_SECRET": "sbx_FromTheEnvironment42",
      ])
    try await terminal.waitFor("l360 127.0.0.1>")
    try terminal.type("let pasted = \"sbx_FromTheEnvironment42\"")
    try terminal.send("Enter")
    try await terminal.waitFor("l360 127.0.0.1>", count: 2)
    try terminal.type("vars")
    try terminal.send("Enter")
    let screen = try await terminal.waitFor("$pasted = ")
    #expect(screen.contains("$pasted = \"***\""), "\(screen)")
    try await terminal.endAtPrompt("l360 127.0.0.1>")
    try await terminal.waitForExit()
  }

  @Test("an interactive tutorial: Enter runs each step; a failed checkpoint can be fixed and retried")
  func interactiveTutorial() async throws {
    let directory = try freshState()
    let file = directory + "/mini.l360"
    try """
    ## Bind a number.
    let n = 1
    ## A checkpoint that needs n to be 2.
    assert $n == 2 "n must be 2"
    ## Finish.
    print "finished"
    """.write(toFile: file, atomically: true, encoding: .utf8)
    let terminal = try TerminalSession(
      [l360Executable.path, "tutorial", file], environment: ["XDG_STATE_HOME": directory, "NO_COLOR": "1"])
    try await terminal.waitFor("[1/3] l360> let n = 1")
    try terminal.send("Enter")
    try await terminal.waitFor("[2/3] l360> assert $n == 2")
    try terminal.send("Enter")
    try await terminal.waitFor("This checkpoint did not pass")
    try terminal.type("let n = 2")
    try terminal.send("Enter")
    try await terminal.waitFor("fix>", count: 2)
    try terminal.send("Enter")
    try await terminal.waitFor("[3/3] l360> print \"finished\"")
    try terminal.send("Enter")
    try await terminal.waitFor("Tutorial \(file) complete.")
    try await terminal.waitForExit()
    #expect(terminal.exitStatus == 0)
  }

  @Test("a tutorial step: typed text runs before it, 'quiet' is not 'q', and q says where it stopped")
  func tutorialTypingAndQuitting() async throws {
    let directory = try freshState()
    let file = directory + "/mini.l360"
    try """
    ## Bind a number.
    let n = 1
    ## Show it.
    print "n is", $n
    """.write(toFile: file, atomically: true, encoding: .utf8)
    let terminal = try TerminalSession(
      [l360Executable.path, "tutorial", file], environment: ["XDG_STATE_HOME": directory, "NO_COLOR": "1"])
    try await terminal.waitFor("[1/2] l360> let n = 1")
    try terminal.type("print 40 + 2")
    try terminal.send("Enter")
    try await terminal.waitFor("42")
    try await terminal.waitFor("(Enter runs step 1: let n = 1; q quits)")
    // Not a way to quit: it runs as a statement (and fails, as an unknown command).
    try terminal.type("quiet")
    try terminal.send("Enter")
    try await terminal.waitFor("(Enter runs step 1: let n = 1; q quits)", count: 2)
    try terminal.send("Enter")
    try await terminal.waitFor("[2/2] l360> print \"n is\", $n")
    try terminal.type("q")
    try terminal.send("Enter")
    try await terminal.waitFor("Tutorial \(file) stopped before step 2 of 2 (print \"n is\", $n)")
    try await terminal.waitForExit()
    #expect(terminal.exitStatus == 0)
  }

  @Test("the prompt names the connection")
  func promptNamesConnection() async throws {
    let terminal = try TerminalSession(
      [l360Executable.path, "--region", "us"], environment: ["XDG_STATE_HOME": try freshState(), "NO_COLOR": "1"])
    try await terminal.waitFor("l360 us>")
    try terminal.type("help integration")
    try terminal.send("Enter")
    try await terminal.waitFor("example: let i = integration create")
    try await terminal.endAtPrompt("l360 us>")
    try await terminal.waitForExit()
    #expect(terminal.exitStatus == 0)
  }

  @Test("a script's await draws the live progress line on a terminal too, and the result replaces it")
  func scriptProgress() async throws {
    let terminal = try TerminalSession(
      [
        l360Executable.path, "-c",
        #"let i = integration create platform=p group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386; let j = courses upsert [{"externalId": "a", "name": "A", "defaultLang": "en", "launchUrl": "https://x.example", "subjects": [], "sources": []}] into $i; await $j every=100ms"#,
      ], environment: ["NO_COLOR": "1"])
    try await terminal.waitFor("/1 importExternalCourses")
    let screen = try await terminal.waitFor("[exit 0]")
    #expect(screen.contains("importExternalCourses completed 1 ok 0 failed"))
  }

  @Test("Tab after key= and after $name adds no space, so the value or the field follows at once")
  func completionWithoutSpace() async throws {
    let terminal = try shell(try freshState())
    try await terminal.waitFor("l360 sandbox>")
    try terminal.type("jobs list sta")
    try terminal.send("Tab")
    try terminal.type("running")
    try await terminal.waitFor("l360 sandbox> jobs list status=running")
    try terminal.send("C-u")
    try terminal.type("let integ = {\"id\": 7}")
    try terminal.send("Enter")
    try await terminal.waitFor("l360 sandbox>", count: 2)
    try terminal.type("print $inte")
    try terminal.send("Tab")
    try terminal.type(".id")
    try terminal.send("Enter")
    try await terminal.waitFor("print $integ.id\n7\n")
    try await terminal.endAtPrompt("l360 sandbox>")
    try await terminal.waitForExit()
    #expect(terminal.exitStatus == 0)
  }

  @Test("Tab completes a request's query names and values, in the path and inside query={...}")
  func queryCompletion() async throws {
    let terminal = try shell(try freshState())
    try await terminal.waitFor("l360 sandbox>")
    // `[` cuts libedit's words: the name is completed from inside the bracket, and `=` adds no space.
    try terminal.type("let invited = request GET /api/v2/users?status[e")
    try terminal.send("Tab")
    try terminal.type("inv")
    try terminal.send("Tab")
    try await terminal.waitFor("l360 sandbox> let invited = request GET /api/v2/users?status[eq]=invited")
    // The completed path runs as it reads, unquoted.
    try terminal.send("Enter")
    try await terminal.waitFor("l360 sandbox>", count: 2)
    try terminal.type("print len($invited.body)")
    try terminal.send("Enter")
    try await terminal.waitFor("\n3\n")
    try terminal.type(#"let live = request GET /api/v2/paths query={"sta"#)
    try terminal.send("Tab")
    try terminal.type(#" "pub"#)
    try terminal.send("Tab")
    try terminal.type("}")
    try await terminal.waitFor(#"query={"status[eq]": "published" }"#)
    try terminal.send("Enter")
    try await terminal.waitFor("l360 sandbox>", count: 4)
    try terminal.type("print len($live.body), 0")
    try terminal.send("Enter")
    try await terminal.waitFor("\n3 0\n")
    try await terminal.endAtPrompt("l360 sandbox>")
    try await terminal.waitForExit()
    #expect(terminal.exitStatus == 0)
  }

  @Test("a destructive command on a real tenant asks first; 'n' says it was cancelled, with no error caret")
  func destructiveAsks() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(recordRequests: true))
    let terminal = try TerminalSession(
      [l360Executable.path, "--base-url", sandbox.baseURL],
      environment: [
        "XDG_STATE_HOME": try freshState(), "NO_COLOR": "1", "L360_CLIENT_ID": sandbox.configuration.clientId,
        "L360_CLIENT_SECRET": sandbox.configuration.clientSecret,
      ])
    try await terminal.waitFor("l360 127.0.0.1>")
    try terminal.type(
      "let i = integration create platform=p group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386")
    try terminal.send("Enter")
    try await terminal.waitFor("l360 127.0.0.1>", count: 2)
    try terminal.type("integration delete $i")
    try terminal.send("Enter")
    try await terminal.waitFor("integration delete will touch 1 item on 127.0.0.1. Continue? [y/N]")
    try terminal.type("n")
    try terminal.send("Enter")
    let screen = try await terminal.waitFor("l360 127.0.0.1>", count: 3)
    #expect(screen.contains("integration delete cancelled; nothing was sent"))
    #expect(!screen.contains("^"))
    #expect(!screen.contains("error:"))
    #expect(await sandbox.recordedRequests().filter { $0.request.method == "DELETE" }.isEmpty)
    try await terminal.endAtPrompt("l360 127.0.0.1>")
    try await terminal.waitForExit()
    await sandbox.stop()
  }

  @Test("exit N at the prompt, alone or in a block, ends the session with that code and its message")
  func exitAtThePrompt() async throws {
    let terminal = try shell(try freshState())
    try await terminal.waitFor("l360 sandbox>")
    try terminal.type("if 1 < 2 { exit 7 \"done here\" }")
    try terminal.send("Enter")
    try await terminal.waitForExit()
    #expect(terminal.exitStatus == 7)
    let screen = try terminal.screen()
    #expect(screen.contains("done here"))
    #expect(!screen.contains("error:"))
  }
}
