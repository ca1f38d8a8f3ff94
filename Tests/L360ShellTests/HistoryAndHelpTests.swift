import Foundation
import L360Language
import L360Shell
import L360TestSupport
import Testing

@Suite("History and help")
struct HistoryAndHelpTests {
  @Test(
    "what enters the history",
    arguments: [
      ("integration list", nil, true), ("integration list", "integration list", false), ("   ", nil, false),
      ("connect eu client-id=a client-secret=s3cret", nil, false),
      ("connect eu client-id=a client-secret = s3cret", nil, false),
      ("connect eu client-id=a CLIENT-SECRET\t=\ts3cret", nil, false),
      ("request GET /x query={\"h\": \"Bearer abc\"}", nil, false),
      ("print env(\"L360_CLIENT_SECRET\")", nil, false), ("print 1", "print 2", true),
    ] as [(String, String?, Bool)])
  func remember(line: String, previous: String?, expected: Bool) {
    #expect(HistoryStore.shouldRemember(line, previous: previous) == expected)
  }

  @Test("the file lives under XDG_STATE_HOME, else ~/.local/state, and is made 0600")
  func location() throws {
    #expect(HistoryStore.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/l360/history")
    #expect(HistoryStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/l360/history")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("l360-history-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = HistoryStore(path: directory.appendingPathComponent("l360/history").path)
    #expect(store.prepare() == nil)
    let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    try "_HiStOrY_V2_\nprint\\040\"a\"\nlet\\040x\\040=\\0401\n".write(
      toFile: store.path, atomically: false, encoding: .utf8)
    #expect(store.entries() == ["print \"a\"", "let x = 1"])
  }

  @Test("help lists every command; help COMMAND shows usage, keys and an example; help WORD WORD only that form")
  func help() throws {
    let overview = HelpText.overview()
    for name in CommandTable.names { #expect(overview.contains("  \(name)")) }
    let integration = try #require(HelpText.command(["integration"]))
    #expect(integration.contains("integration create platform=PLATFORM group=GROUP author=AUTHOR"))
    #expect(integration.contains("propagate=      share the courses with subgroups"))
    #expect(integration.contains("example: let i = integration create platform=myPlatform"))
    #expect(integration.contains("integration delete INTEGRATION"))
    let create = try #require(HelpText.command(["integration", "create"]))
    #expect(create.contains("integration create platform=PLATFORM"))
    #expect(!create.contains("integration delete"))
    #expect(create.contains("effect: writes"))
    #expect(HelpText.command(["integration", "delete"])?.contains("effect: destructive") == true)
    #expect(HelpText.command(["nope"]) == nil)
    #expect(HelpText.command(["integration", "nope"]) == nil)
  }

  @Test("colour only on a terminal without NO_COLOR")
  func colour() {
    #expect(Renderer.colourWanted(isTerminal: true, environment: [:]))
    #expect(!Renderer.colourWanted(isTerminal: true, environment: ["NO_COLOR": "1"]))
    #expect(!Renderer.colourWanted(isTerminal: false, environment: [:]))
    #expect(Renderer(colour: true).render(.string("x"), as: .text) == "x")
    #expect(Renderer(colour: true).render(.bool(true), as: .text) == "\u{1B}[35mtrue\u{1B}[0m")
    #expect(Renderer(colour: false).render(.bool(true), as: .text) == "true")
  }

  @Test("built-in tutorials parse into narrated steps")
  func tutorials() throws {
    let names = Tutorial.builtins().map(\.name)
    #expect(names == ["getting-started", "migrate-import-external-courses", "migrate-catalog-removal"])
    let tutorial = try #require(try Tutorial.builtin("getting-started"))
    #expect(tutorial.steps.count >= 10)
    #expect(tutorial.steps[0].text == "connect sandbox")
    #expect(tutorial.steps[0].narration.first?.hasPrefix("Welcome to l360: ") == true)
    // `l360 tutorial` lists each with its first line of narration: a whole sentence, not one cut off.
    for builtin in Tutorial.builtins() {
      #expect(builtin.summary.hasSuffix("."), "\(builtin.name): \(builtin.summary)")
    }
    #expect(tutorial.steps.contains { if case .assert = $0.statement { true } else { false } })
  }
}

@Suite("Command reference")
struct CommandReferenceTests {
  @Test("docs/commands.md is what the command table generates (regenerate: l360 reference > docs/commands.md)")
  func upToDate() throws {
    let file = try String(contentsOf: packageRoot.appendingPathComponent("docs/commands.md"), encoding: .utf8)
    #expect(file == HelpText.commandsMarkdown())
    for declaration in CommandTable.declarations { #expect(file.contains("## \(declaration.name)\n")) }
  }
}
