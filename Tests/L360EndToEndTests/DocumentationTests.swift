import Foundation
import L360TestSupport
import Testing

/// A fenced l360 block of a document, and whether it is meant to fail.
struct DocumentBlock: CustomTestStringConvertible, Sendable {
  let document: String
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
            document: "docs/\(file)", line: start, code: body.joined(separator: "\n"),
            shouldFail: fence.hasSuffix("-fails")))
      }
      i += 1
    }
  }
  return blocks
}

@Suite("Documentation examples run")
struct DocumentationTests {
  @Test("docs/language.md has examples of every command", .tags())
  func coverage() async throws {
    let text = try String(contentsOf: packageRoot.appendingPathComponent("docs/language.md"), encoding: .utf8)
    for word in [
      "connect", "integration create", "integration list", "integration update", "integration delete",
      "courses upsert", "courses archive", "courses get", "catalog remove", "catalog add", "catalog list", "await",
      "jobs list", "jobs get", "jobs results", "request", "len(", "timeout=", "every=", "status=", "type=", "body=",
      "query=", "platform=", "group=", "author=", "logo=", "unicolor-logo=", "completion=", "progress=", "propagate=",
      "env(", "read(", "keys(", "now()", "set ", "source ",
      "assert ", "print ", "for ", "if ",
    ] {
      #expect(
        text.contains("```l360") && documentationBlocks().contains { $0.code.contains(word) }, "no example uses \(word)"
      )
    }
  }

  @Test("every example behaves as documented", arguments: documentationBlocks())
  func example(block: DocumentBlock) async throws {
    let result = try await runL360(
      [], stdin: block.code, directory: packageRoot.appendingPathComponent("docs/examples"))
    if block.shouldFail {
      #expect(result.exitCode != 0, "expected a failure:\n\(result.stdout)")
    } else {
      #expect(result.exitCode == 0, "\(result.stderr)")
    }
  }

  @Test("every script in docs/examples passes check and runs on the sandbox")
  func exampleScripts() async throws {
    let directory = packageRoot.appendingPathComponent("docs/examples")
    let scripts = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".l360") }
      .sorted()
    #expect(scripts.contains("migrate.l360"))
    for script in scripts {
      let checked = try await runL360(["check", script], directory: directory)
      #expect(checked.exitCode == 0, "\(script): \(checked.stderr)")
      let ran = try await runL360(["run", script], directory: directory)
      #expect(ran.exitCode == 0, "\(script): \(ran.stderr)")
    }
    let migrated = try await runL360(["run", "migrate.l360"], directory: directory)
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

  @Test("l360 tutorial lists them; a failing checkpoint in --auto exits 3")
  func listAndFailure() async throws {
    let list = try await runL360(["tutorial"])
    #expect(list.stdout.contains("getting-started"))
    #expect(list.stdout.contains("migrate-catalog-removal"))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("l360-tut-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
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
