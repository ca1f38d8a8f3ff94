import Foundation
import L360TestSupport
import Testing

/// A fenced l360 block of a document, and whether it is meant to fail.
struct DocumentBlock: CustomTestStringConvertible, Sendable {
  let document: String
  /// The folder the block runs in: `examples`, or what `<!-- l360-examples-dir: DIR -->` names.
  let directory: String
  let line: Int
  let code: String
  let shouldFail: Bool
  var testDescription: String { "\(document):\(line)" }
}

/// Every ```l360 and ```l360-fails block of the docs, so the documentation cannot rot.
func documentationBlocks() -> [DocumentBlock] {
  let docs = packageRoot.appendingPathComponent("docs")
  let files = (FileManager.default.enumerator(atPath: docs.path)?.compactMap { $0 as? String } ?? [])
    .filter { $0.hasSuffix(".md") }.sorted()
  var blocks: [DocumentBlock] = []
  for file in files {
    guard let text = try? String(contentsOf: docs.appendingPathComponent(file), encoding: .utf8) else { continue }
    let lines = text.components(separatedBy: "\n")
    var directory = "examples"
    if let marker = lines.first, marker.hasPrefix("<!-- l360-examples-dir: ") {
      directory = String(marker.dropFirst("<!-- l360-examples-dir: ".count).prefix { $0 != " " })
    }
    var i = 0
    while i < lines.count {
      let fence = lines[i].trimmingCharacters(in: .whitespaces)
      if fence == "```l360" || fence == "```l360-fails" {
        let start = i + 1
        var body: [String] = []
        i += 1
        while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces) != "```" {
          body.append(lines[i])
          i += 1
        }
        blocks.append(
          DocumentBlock(
            document: "docs/\(file)", directory: directory, line: start, code: body.joined(separator: "\n"),
            shouldFail: fence.hasSuffix("-fails")))
      }
      i += 1
    }
  }
  return blocks
}

@Suite("Documentation examples run")
struct DocumentationTests {
  @Test("docs/language.md has a runnable example of every command, key, function and statement")
  func coverage() async throws {
    let examples = documentationBlocks().filter { $0.document == "docs/language.md" && !$0.shouldFail }
    #expect(examples.count >= 10)
    for word in [
      "connect", "integration create", "integration list", "integration update", "integration delete",
      "courses upsert", "courses archive", "courses get", "catalog remove", "catalog add", "catalog list", "await",
      "jobs list", "jobs get", "jobs results", "request", "len(", "timeout=", "every=", "status=", "type=", "body=",
      "query=", "max-delete=", "save ", "migrate import-external-courses", "migrate catalog-removal", "platform=",
      "group=", "author=", "logo=", "unicolor-logo=", "completion=", "progress=", "propagate=",
      "env(", "read(", "keys(", "now()", "set ", "source ",
      "assert ", "print ", "for ", "if ",
    ] {
      #expect(examples.contains { $0.code.contains(word) }, "no example in docs/language.md uses \(word)")
    }
  }

  @Test("every example behaves as documented", arguments: documentationBlocks())
  func example(block: DocumentBlock) async throws {
    let directory = try scratchCopy(of: block.directory)
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try await runL360([], stdin: block.code, directory: directory)
    if block.shouldFail {
      #expect(result.exitCode != 0, "expected a failure:\n\(result.stdout)")
    } else {
      #expect(result.exitCode == 0, "\(result.stderr)")
    }
  }

  @Test("every script in examples/ passes check and runs on the sandbox")
  func exampleScripts() async throws {
    let directory = try scratchCopy(of: "examples")
    defer { try? FileManager.default.removeItem(at: directory) }
    let scripts = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
      $0.hasSuffix(".l360") && !$0.hasPrefix(".")  // not a .l360/ journal folder a manual run left
    }
    .sorted()
    #expect(scripts.count >= 4)
    for script in scripts {
      let checked = try await runL360(["check", script], directory: directory)
      #expect(checked.exitCode == 0, "\(script): \(checked.stderr)")
      let ran = try await runL360(["run", script], directory: directory)
      #expect(ran.exitCode == 0, "\(script): \(ran.stderr)")
    }
  }

  @Test("the migration guide's commands keep their promises")
  func migrationOutputs() async throws {
    let examples = try scratchCopy(of: "examples")
    defer { try? FileManager.default.removeItem(at: examples) }
    let imported = try await runL360(["run", "import-external-courses.l360"], directory: examples)
    #expect(imported.exitCode == 0, "\(imported.stderr)")
    for expected in [
      "mapping: title -> name (2 courses)", "mapping: language -> defaultLang (pt-BR -> pt_BR) (1 course)",
      "mapping: courseDuration -> duration (rounded to whole minutes) (1 course)",
      "warning: externalCourses[0] (crs-001): skills dropped",
      "warning: externalCourses[0] (crs-001): authors -> sources[].name is a guess",
      "warning: externalCourses[0] (crs-001): alternativeLanguages not migrated", "step 1: created integration ",
      "2 imported, 0 failed",
    ] {
      #expect(imported.stdout.contains(expected), "missing: \(expected)")
    }
    let bad = try await runL360(
      [
        "-c",
        "migrate import-external-courses from v1-import-bad-language.json group=62be0535045424d93edaad7b platform=p",
      ],
      directory: examples)
    #expect(bad.exitCode == 2)
    #expect(bad.stderr.contains("language \"klingon\" is not a v2 language"))
    let removal = try await runL360(["run", "catalog-removal.l360"], directory: examples)
    #expect(removal.stdout.contains("mapping: 5 v1 items from 3 groups -> one DELETE /api/v2/bulk/groups/catalog"))
    let programs = try await runL360(
      [
        "-c",
        "migrate catalog-removal group=5ae6f360c3b99d7884975380 form=\"programSessions[0]=586d1323bc4937445ed96c37\"",
      ])
    #expect(programs.exitCode == 2)
    #expect(programs.stderr.contains("programSessions[0]: program sessions cannot be removed in v2"))
    let migrated = try await runL360(["run", "migrate.l360"], directory: examples)
    #expect(migrated.stdout.contains("2 courses imported, 1 failed"))
  }
}

@Suite("Built-in tutorials")
struct TutorialTests {
  @Test(
    "each built-in tutorial passes with --auto",
    arguments: ["getting-started", "migrate-import-external-courses", "migrate-catalog-removal"])
  func auto(name: String) async throws {
    let result = try await runL360(["tutorial", name, "--auto"])
    #expect(result.exitCode == 0, "\(result.stdout)\n\(result.stderr)")
    #expect(result.stdout.contains("Tutorial \(name) complete."))
  }

  @Test("off a terminal, a tutorial runs straight through and says so; it takes no connection flags")
  func offTerminal() async throws {
    // runL360 gives standard input as a pipe, as cron or CI would.
    let result = try await runL360(["tutorial", "getting-started"], stdin: "")
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stderr.contains("standard input is not a terminal: running every step without waiting (as --auto)"))
    #expect(result.stdout.contains("Tutorial getting-started complete."))
    let flagged = try await runL360(["tutorial", "getting-started", "--base-url", "https://app.360learning.com"])
    #expect(flagged.exitCode == 2)
    #expect(flagged.stderr.contains("--base-url"))
  }

  @Test("l360 tutorial lists them; a failing checkpoint in --auto exits 3")
  func listAndFailure() async throws {
    let list = try await runL360(["tutorial"])
    #expect(list.stdout.contains("getting-started"))
    #expect(list.stdout.contains("migrate-catalog-removal"))
    let directory = try temporaryFolder("l360-tut")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("t.l360")
    try "## Fails.\nassert 1 == 2\n".write(to: file, atomically: true, encoding: .utf8)
    let failed = try await runL360(["tutorial", file.path, "--auto"])
    #expect(failed.exitCode == 3)
    #expect(failed.stderr.contains("assertion failed") || failed.stdout.contains("assertion failed"))
    let unknown = try await runL360(["tutorial", "nope"])
    #expect(unknown.exitCode == 2)
  }
}
