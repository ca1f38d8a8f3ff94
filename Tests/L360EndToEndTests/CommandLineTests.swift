import Foundation
import L360Client
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

@Suite("The l360 executable, run as a user runs it")
struct CommandLineTests {
  @Test(
    "connect says connected only once the server gave a token; before, where it connects; wrong credentials fail there")
  func connectProvesTheConnection() async throws {
    let sandbox = try await Sandbox.start()
    defer { Task { await sandbox.stop() } }
    let good = try await runL360([
      "-c",
      "connect \(sandbox.baseURL) client-id=\(sandbox.configuration.clientId) client-secret=\(sandbox.configuration.clientSecret)",
    ])
    #expect(good.exitCode == 0, "\(good.stderr)")
    #expect(good.stderr.contains("connecting to 127.0.0.1 (\(sandbox.baseURL))..."))
    #expect(good.stdout.contains("connected to "))
    let bad = try await runL360([
      "-c", "connect \(sandbox.baseURL) client-id=nobody client-secret=not-the-secret\nprint 1",
    ])
    #expect(bad.exitCode == 1)
    #expect(bad.stderr.contains("connecting to 127.0.0.1 (\(sandbox.baseURL))..."))
    #expect(bad.stderr.contains("invalid_client"), "\(bad.stderr)")
    #expect(!bad.stdout.contains("connected"))
    #expect(!bad.stdout.contains("1"), "the script stopped at the failed connect")
  }

  @Test("long phases are said on stderr: each retry off a terminal, and nothing with --quiet")
  func retriesAreSaid() async throws {
    // Every call but the token's is answered 429 with Retry-After: 0, so the six attempts go at once.
    let sandbox = try await Sandbox.start(
      SandboxConfiguration(faults: FaultSettings(tooManyRequestsRate: 1, retryAfterSeconds: 0)))
    defer { Task { await sandbox.stop() } }
    let environment = [
      "L360_BASE_URL": sandbox.baseURL, "L360_CLIENT_ID": sandbox.configuration.clientId,
      "L360_CLIENT_SECRET": sandbox.configuration.clientSecret,
    ]
    let said = try await runL360(["-c", "integration list"], environment: environment)
    #expect(said.exitCode == 1)
    for attempt in 2...6 {
      #expect(
        said.stderr.contains(
          "l360: integration list: 429 tooManyRequests from the server; retrying in 0 ms, attempt \(attempt) of 6\n"),
        "\(said.stderr)")
    }
    let quiet = try await runL360(["--quiet", "-c", "integration list"], environment: environment)
    #expect(quiet.exitCode == 1)
    #expect(!quiet.stderr.contains("retrying in"))
    #expect(quiet.stderr.contains("tooManyRequests"), "the error itself is still said")
  }

  @Test("--output table prints a list of objects as an aligned table, even off a terminal; text stays JSON there")
  func tables() async throws {
    let list = #"[{"id": "a", "n": 1}, {"id": "bbb", "n": 22, "more": "x"}]"#
    let table = try await runL360(["--output", "table", "-c", list])
    #expect(table.exitCode == 0)
    #expect(table.stdout == "id   n   more\na    1\nbbb  22  x\n", "\(table.stdout.debugDescription)")
    let text = try await runL360(["-c", "set output table\n" + list + "\nset output text\n" + list])
    #expect(text.stdout.hasPrefix("id   n   more\n"))
    #expect(text.stdout.contains("[\n  {\n    \"id\": \"a\""), "off a terminal, text is indented JSON")
  }

  @Test("--version and --help")
  func versionAndHelp() async throws {
    let version = try await runL360(["--version"])
    #expect(version.exitCode == 0)
    // The commit is the one the binary was built from: the package's HEAD, since the tests build it first.
    let head = Process()
    head.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    head.arguments = ["git", "-C", packageRoot.path, "rev-parse", "--short=12", "HEAD"]
    let pipe = Pipe()
    head.standardOutput = pipe
    try head.run()
    head.waitUntilExit()
    let commit = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(commit.count == 12)
    #expect(version.stdout.hasPrefix("l360 0.1.0 (commit \(commit)"), "\(version.stdout)")
    #expect(version.stdout.hasSuffix(")\n"))
    let word = try await runL360(["version"])
    #expect(word.exitCode == 0 && word.stdout == version.stdout)
    let help = try await runL360(["--help"])
    #expect(help.exitCode == 0)
    #expect(help.stdout.contains("USAGE: l360 [<options>]                  (the prompt)\n"))
    #expect(help.stdout.contains("       l360 [<options>] -c <statements>\n"))
    #expect(help.stdout.contains("run                     Run an l360 script."))
    #expect(help.stdout.contains("demo"))
    #expect(help.stdout.contains("sandbox"))
    let sandboxHelp = try await runL360(["sandbox", "--help"])
    #expect(sandboxHelp.stdout.contains("listening on http://127.0.0.1:PORT"))
  }

  @Test("usage errors exit 2, the documented code, with a message and the usage line")
  func usageErrors() async throws {
    let result = try await runL360(["sandbox", "--port", "70000"])
    #expect(result.exitCode == 2)
    #expect(result.stderr.contains("--port must be from 0 to 65535"))
    let unknown = try await runL360(["frobnicate"])
    #expect(unknown.exitCode == 2)
    #expect(unknown.stderr.contains("Usage: l360"))
    let missingFile = try await runL360(["run"])
    #expect(missingFile.exitCode == 2)
    #expect(missingFile.stderr.contains("Missing expected argument '<file>'"))
    #expect(missingFile.stdout.isEmpty)
    let badValue = try await runL360(["-c", "print 1", "--output", "yaml"])
    #expect(badValue.exitCode == 2)
    #expect(badValue.stderr.contains("The value 'yaml' is invalid for '--output <output>'"))
    #expect(badValue.stdout.isEmpty, "nothing ran")
    for subcommand in ["run", "check"] {
      let both = try await runL360(["-c", "print \"ran\"", subcommand, "nothing.l360"])
      #expect(both.exitCode == 2)
      #expect(both.stderr.contains("give either -c or \(subcommand) FILE"))
      #expect(both.stdout.isEmpty)
    }
    // Help is not an error.
    #expect(try await runL360(["run", "--help"]).exitCode == 0)
    #expect(try await runL360(["help", "run"]).exitCode == 0)
  }

  @Test("connection mistakes are found before anything runs or falls back to the sandbox")
  func connectionMistakes() async throws {
    let badURL = try await runL360(["--base-url", "notaurl", "-c", "print \"ran\""])
    #expect(badURL.exitCode == 2)
    #expect(badURL.stderr.contains("--base-url: 'notaurl' is not a valid base URL (expected https://HOST)"))
    #expect(badURL.stdout.isEmpty, "nothing ran")
    let secretOnly = try await runL360(["-c", "integration list"], environment: ["L360_CLIENT_SECRET": "abc"])
    #expect(secretOnly.exitCode == 2)
    #expect(secretOnly.stderr.contains("L360_CLIENT_SECRET is set but no client id is: set L360_CLIENT_ID too"))
    #expect(!secretOnly.stderr.contains("embedded sandbox at"))
  }

  @Test("a script on stdin may start with a byte-order mark, like a file; bytes that are not UTF-8 are refused")
  func stdinEncoding() async throws {
    let withBOM = try await runL360([], stdin: "\u{FEFF}# a comment\nprint 1 + 1\n")
    #expect(withBOM.exitCode == 0, "\(withBOM.stderr)")
    #expect(withBOM.stdout == "2\n")
    let directory = try temporaryFolder("l360-enc")
    defer { try? FileManager.default.removeItem(at: directory) }
    let latin1 = directory.appendingPathComponent("latin1.l360")
    try Data([0x70, 0x72, 0x69, 0x6E, 0x74, 0x20, 0x22, 0xE9, 0x22, 0x0A]).write(to: latin1)
    let run = try await runL360(["run", latin1.path])
    #expect(run.exitCode == 2)
    #expect(run.stderr.contains("latin1.l360 is not UTF-8 text"))
    // The same bytes on stdin: refused the same way, not run with a replacement character.
    let piped = try ChildProcess(
      "/bin/sh", ["-c", "exec \"$0\" < \"$1\"", l360Executable.path, latin1.path],
      environment: ProcessInfo.processInfo.environment, stdin: .null)
    let pipedOut = await ChildProcess.readToEnd(piped.stdout)
    let pipedErr = await ChildProcess.readToEnd(piped.stderr)
    #expect(piped.wait() == 2)
    #expect(pipedOut.isEmpty)
    #expect(pipedErr.contains("<stdin> is not UTF-8 text"))
  }

  @Test("a save that cannot write says why and exits 1 (statements before it ran), not 2")
  func saveFailure() async throws {
    let directory = try temporaryFolder("l360-save")
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try await runL360(
      ["-c", "print \"before\"\nsave [1, 2] to missing/x.jsonl\nprint \"after\""], directory: directory)
    #expect(result.exitCode == 1)
    #expect(result.stdout == "before\n")
    #expect(result.stderr.contains("<command line>:2:16: error: cannot write missing/x.jsonl: the folder "))
    #expect(result.stderr.contains("missing does not exist; nothing was saved"))
    let folder = try await runL360(["-c", "save [1] to ."], directory: directory)
    #expect(folder.exitCode == 1)
    #expect(folder.stderr.contains("cannot write .: it is a folder"))
  }

  @Test("--output json: stdout holds only JSON documents; mapping, step and dry-run lines go to stderr")
  func jsonOutputIsPure() async throws {
    let result = try await runL360(
      [
        "--output", "json", "--dry-run", "-c",
        """
        let r = migrate catalog-removal group=5ae6f360c3b99d7884975380 form="courses[0]=586d1323bc4937445ed96c37"
        integration list
        """,
      ])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stderr.contains("mapping: 1 v1 item from 1 group -> one DELETE /api/v2/bulk/groups/catalog"))
    #expect(result.stderr.contains("dry-run: would send DELETE "))
    let lines = result.stdout.split(separator: "\n")
    #expect(!lines.isEmpty)
    for line in lines { #expect((try? JSONParser.parse(String(line))) != nil, "not JSON: \(line)") }
  }

  @Test("small mistakes are named precisely: a folder for a file, a --var name, a negative max-delete")
  func preciseMessages() async throws {
    let folder = FileManager.default.temporaryDirectory.path
    let run = try await runL360(["run", folder])
    #expect(run.exitCode == 2)
    #expect(run.stderr.contains("cannot read \(folder): it is a folder"))
    let read = try await runL360(["-c", "print read(\"\(folder)\")"])
    #expect(read.exitCode == 1)
    #expect(read.stderr.contains("cannot read \(folder): it is a folder"))
    let variable = try await runL360(["--var", "1x=3", "-c", "print 1"])
    #expect(variable.exitCode == 2)
    #expect(variable.stderr.contains("--var name '1x' must be letters, digits and _, and not start with a digit"))
    let negative = try await runL360([
      "-c", "catalog remove course 586d1323bc4937445ed96c37 from 5ae6f360c3b99d7884975380 max-delete=-1",
    ])
    #expect(negative.exitCode == 2)
    #expect(negative.stderr.contains("max-delete must be a whole number of 0 or more"))
  }

  @Test("every --help fits 80 columns: no example is broken across lines")
  func helpFitsTheTerminal() async throws {
    for subcommand in [[], ["run"], ["check"], ["tutorial"], ["demo"], ["sandbox"]] {
      let help = try await runL360(subcommand + ["--help"], environment: ["COLUMNS": "80"])
      #expect(help.exitCode == 0)
      let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
      for (index, line) in lines.enumerated() where line.hasPrefix("  l360") && line.contains("#") {
        let next = index + 1 < lines.count ? lines[index + 1] : ""
        #expect(
          next.isEmpty || next.hasPrefix("  "),
          "l360 \(subcommand.joined()) --help breaks an example: \(line) / \(next)")
      }
    }
  }

  @Test("l360 demo runs both flows on the embedded sandbox")
  func demo() async throws {
    let result = try await runL360(["demo", "--operation-duration", "0.3"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stderr.contains("using the embedded sandbox at http://127.0.0.1:"))
    #expect(result.stdout.contains("-> completed: 3 ok, 1 failed"))
    #expect(
      result.stdout.contains(
        "error  ext-104  The given authorId 0123456789abcdef01234567 does not correspond to any existing user."))
    #expect(result.stdout.contains("-> completed: 3 ok, 0 failed"))
    #expect(result.stdout.contains("Done: 6 items succeeded, 1 failed"))
  }

  @Test("l360 sandbox prints its address and credentials, serves them, and stops on SIGTERM")
  func standaloneSandbox() async throws {
    let process = try ChildProcess(
      l360Executable.path, ["sandbox", "--port", "0"], environment: ProcessInfo.processInfo.environment,
      stdin: .null, stderr: .null)
    defer {
      process.send(SIGKILL)
      process.wait()
    }

    // Read until the last seeded id line has arrived.
    var text = ""
    let handle = try #require(process.stdout)
    let deadline = Date().addingTimeInterval(30)
    while !text.contains("path_session_id=") && Date() < deadline {
      let data = handle.availableData
      if data.isEmpty { break }
      text += String(decoding: data, as: UTF8.self)
    }
    let lines = text.split(separator: "\n").map(String.init)
    let first = try #require(lines.first)
    #expect(first.range(of: #"^listening on http://127\.0\.0\.1:[0-9]+$"#, options: .regularExpression) != nil)
    var values: [String: [String]] = [:]
    for line in lines.dropFirst() {
      let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
      #expect(parts.count == 2, "not key=value: \(line)")
      if parts.count == 2 { values[parts[0], default: []].append(parts[1]) }
    }
    #expect(values["client_id"] == ["sandbox-client"])
    #expect(values["group_id"]?.contains("62be0535045424d93edaad7b") == true)
    #expect(values["group_id"]?.contains("5ae6f360c3b99d7884975380") == true)
    #expect(values["author_id"]?.contains("62bdbc00293a604543f44386") == true)
    #expect(values["course_id"]?.contains("586d1323bc4937445ed96c37") == true)
    #expect(values["path_session_id"] == ["596e151663b0c99f03a3e049"])

    // The printed credentials get a token from the printed address.
    let base = String(first.dropFirst("listening on ".count))
    let secret = try #require(values["client_secret"]?.first)
    let response = try await AsyncHTTPClientTransport().send(
      HTTPRequest(
        method: "POST", url: URL(string: base + "/api/v2/oauth2/token")!,
        headers: [("Content-Type", "application/json")],
        body: Array(
          #"{"grant_type":"client_credentials","client_id":"sandbox-client","client_secret":"\#(secret)"}"#.utf8)))
    #expect(response.status == 200)
    #expect(String(decoding: response.body, as: UTF8.self).contains("\"access_token\""))

    process.send(SIGTERM)
    let stopDeadline = Date().addingTimeInterval(10)
    while process.isRunning && Date() < stopDeadline { try await Task.sleep(for: .milliseconds(50)) }
    #expect(!process.isRunning)
    #expect(process.exitCode == 0)
  }

  @Test("exit N ends a script with that code; exit 0 says nothing at all; the message goes to stderr")
  func exitStatements() async throws {
    let quiet = try await runL360(["-c", "print 1\nexit 0\nprint 2"])
    #expect(quiet.exitCode == 0)
    #expect(quiet.stdout == "1\n")
    #expect(!quiet.stderr.contains("\n\n") && !quiet.stderr.hasPrefix("\n"), "\(quiet.stderr.debugDescription)")
    let failing = try await runL360(["-c", "if true { exit 4 \"4 items failed\" }"])
    #expect(failing.exitCode == 4)
    #expect(failing.stderr.hasSuffix("4 items failed\n"), "\(failing.stderr)")
  }
}
