import Foundation
import L360TestSupport
import Testing

/// Runs bash with l360's generated completion script loaded, completes `line` as if Tab were pressed at its end,
/// and returns the candidates.
private func complete(_ line: String, in folder: URL, environment: [String: String] = [:]) async throws -> [String] {
  let script = try await runL360(["--generate-completion-script", "bash"], environment: environment)
  let scriptFile = folder.appendingPathComponent("l360.bash")
  try script.stdout.write(to: scriptFile, atomically: true, encoding: .utf8)
  // bash-completion's helpers are not needed: the generated script defines its own. COMP_* and the arguments
  // (command, current word, previous word) are what bash gives a completion function.
  let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
  let driver = """
    source '\(scriptFile.path)'
    l360() { '\(l360Executable.path)' "$@"; }
    COMP_WORDS=(\(words.map { "'\($0)'" }.joined(separator: " ")))
    COMP_CWORD=\(words.count - 1)
    COMP_LINE='\(line)'
    COMP_POINT=\(line.utf8.count)
    _l360 l360 '\(words[words.count - 1])' '\(words.count > 1 ? words[words.count - 2] : "")'
    printf '%s\\n' "${COMPREPLY[@]}"
    """
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/bash")
  process.arguments = ["-O", "extglob", "-c", driver]
  process.currentDirectoryURL = folder
  var env = ProcessInfo.processInfo.environment
  for (key, value) in environment { env[key] = value }
  process.environment = env
  let output = Pipe()
  process.standardOutput = output
  process.standardError = FileHandle.nullDevice
  try process.run()
  process.waitUntilExit()
  let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  return text.split(separator: "\n").map(String.init).sorted()
}

@Suite("Shell completions know l360's values")
struct CompletionScriptTests {
  @Test("--output, --region, profiles, tutorials and .l360 scripts complete in bash")
  func values() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("l360-complete-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("config/l360"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let profiles = folder.appendingPathComponent("config/l360/profiles").path
    #expect(
      FileManager.default.createFile(
        atPath: profiles, contents: Data("[default]\nregion = eu\n\n[staging]\nregion = us\n".utf8),
        attributes: [.posixPermissions: 0o600]))
    for name in ["nightly.l360", "notes.txt"] {
      #expect(FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data()))
    }
    let environment = ["XDG_CONFIG_HOME": folder.appendingPathComponent("config").path]

    #expect(try await complete("l360 run x.l360 --output ", in: folder) == ["json", "table", "text"])
    #expect(try await complete("l360 --region ", in: folder) == ["eu", "us"])
    #expect(try await complete("l360 run --profile ", in: folder, environment: environment) == ["default", "staging"])
    #expect(try await complete("l360 run --profile st", in: folder, environment: environment) == ["staging"])
    let tutorials = try await complete("l360 tutorial ", in: folder)
    #expect(tutorials.contains("getting-started") && tutorials.contains("nightly.l360"), "\(tutorials)")
    #expect(!tutorials.contains("notes.txt"))
    let scripts = try await complete("l360 run ", in: folder)
    #expect(scripts.contains("nightly.l360") && !scripts.contains("notes.txt"), "\(scripts)")
  }
}

@Suite("The man page")
struct ManPageTests {
  @Test("holds every command, every option and the prompt page, and renders without warnings")
  func manPage() throws {
    let generate = Process()
    generate.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    generate.arguments = [
      "python3", packageRoot.appendingPathComponent("scripts/lib/manpage.py").path, l360Executable.path,
      packageRoot.appendingPathComponent("docs/using-the-prompt.md").path,
    ]
    let output = Pipe()
    generate.standardOutput = output
    try generate.run()
    let page = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    generate.waitUntilExit()
    #expect(generate.terminationStatus == 0)
    for section in [
      "NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "USING THE PROMPT", "HISTORY",
      "ENVIRONMENT VARIABLES", "EXIT STATUS", "COMPLETIONS",
    ] {
      #expect(page.contains(".Sh \(section)\n"), "\(section)")
    }
    for command in ["run", "check", "tutorial", "demo", "sandbox", "version"] {
      #expect(page.contains(".Ss \(command)\n"), "\(command)")
    }
    for option in ["report", "strict", "resume", "dry-run", "profile"] { #expect(page.contains("Fl -\(option)")) }
    // groff reads it as mdoc and has nothing to warn about.
    let render = Process()
    render.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    render.arguments = ["groff", "-mandoc", "-ww", "-z"]
    let input = Pipe()
    let errors = Pipe()
    render.standardInput = input
    render.standardError = errors
    try render.run()
    input.fileHandleForWriting.write(Data(page.utf8))
    try input.fileHandleForWriting.close()
    render.waitUntilExit()
    let warnings = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(render.terminationStatus == 0 && warnings.isEmpty, "\(warnings)")
  }
}
