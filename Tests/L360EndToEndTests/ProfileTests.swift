import Foundation
import L360Client
import L360Sandbox
import L360TestSupport
import Testing

/// A config folder holding l360/profiles with `text`, made `mode`.
private func configFolder(_ text: String, mode: Int) throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("l360-config-\(UUID().uuidString)")
  try FileManager.default.createDirectory(
    at: folder.appendingPathComponent("l360"), withIntermediateDirectories: true)
  let file = folder.appendingPathComponent("l360/profiles")
  try text.write(to: file, atomically: true, encoding: .utf8)
  try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
  return folder
}

@Suite("Profiles and the secret prompt")
struct ProfileTests {
  @Test("a profiles file others may read is refused, naming the chmod; nothing is sent")
  func unsafeFileRefused() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(recordRequests: true))
    let folder = try configFolder(
      """
      [default]
      base-url = \(sandbox.baseURL)
      client-id = \(sandbox.configuration.clientId)
      client-secret = \(sandbox.configuration.clientSecret)
      """, mode: 0o644)
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try await runL360(["-c", "integration list"], environment: ["XDG_CONFIG_HOME": folder.path])
    #expect(result.exitCode == 2)
    #expect(result.stderr.contains("refusing \(folder.path)/l360/profiles: its mode is 644"))
    #expect(result.stderr.contains("chmod 600"))
    #expect(!result.stderr.contains(sandbox.configuration.clientSecret))
    #expect(await sandbox.recordedRequests().isEmpty)
    await sandbox.stop()
  }

  @Test("[default] connects; --profile picks another section; an unknown one is named; the environment wins")
  func profilesConnect() async throws {
    let sandbox = try await Sandbox.start()
    let folder = try configFolder(
      """
      # l360 profiles
      [default]
      base-url = \(sandbox.baseURL)
      client-id = \(sandbox.configuration.clientId)
      client-secret = \(sandbox.configuration.clientSecret)

      [wrong]
      base-url = \(sandbox.baseURL)
      client-id = \(sandbox.configuration.clientId)
      client-secret = not-the-secret
      """, mode: 0o600)
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = ["XDG_CONFIG_HOME": folder.path]
    let script = "let all = integration list\nprint \"integrations:\", len($all)"

    let byDefault = try await runL360(["-c", script], environment: config)
    #expect(byDefault.exitCode == 0, "\(byDefault.stderr)")
    #expect(byDefault.stdout.contains("integrations: 0"))
    #expect(!byDefault.stderr.contains("embedded sandbox"))

    let wrong = try await runL360(["--profile", "wrong", "-c", script], environment: config)
    #expect(wrong.exitCode == 1)
    #expect(wrong.stderr.contains("invalid_client"))
    #expect(!wrong.stderr.contains("not-the-secret"))

    let fromEnvironment = try await runL360(
      ["-c", script], environment: config.merging(["L360_PROFILE": "wrong"]) { $1 })
    #expect(fromEnvironment.exitCode == 1)

    let missing = try await runL360(["--profile", "staging", "-c", script], environment: config)
    #expect(missing.exitCode == 2)
    #expect(missing.stderr.contains("no profile [staging] in \(folder.path)/l360/profiles (profiles: default, wrong)"))

    // Environment credentials come before the profile's.
    let environment = try await runL360(
      ["--profile", "wrong", "-c", script],
      environment: config.merging([
        "L360_CLIENT_ID": sandbox.configuration.clientId, "L360_CLIENT_SECRET": sandbox.configuration.clientSecret,
      ]) { $1 })
    #expect(environment.exitCode == 0, "\(environment.stderr)")
    await sandbox.stop()
  }

  @Test("a profile without a secret asks for it at the terminal, without echo")
  func secretPrompt() async throws {
    guard TerminalSession.isAvailable else { return }
    let sandbox = try await Sandbox.start()
    let folder = try configFolder(
      """
      [default]
      base-url = \(sandbox.baseURL)
      client-id = \(sandbox.configuration.clientId)
      """, mode: 0o600)
    defer { try? FileManager.default.removeItem(at: folder) }
    let terminal = try TerminalSession(
      [l360Executable.path, "-c", "let all = integration list\nprint \"integrations:\", len($all)"],
      environment: ["XDG_CONFIG_HOME": folder.path, "NO_COLOR": "1"])
    try await terminal.waitFor("client secret for \(sandbox.configuration.clientId) at ")
    try terminal.type(sandbox.configuration.clientSecret)
    try terminal.send("Enter")
    let screen = try await terminal.waitFor("[exit ")
    #expect(screen.contains("integrations: 0"))
    #expect(screen.contains("[exit 0]"))
    #expect(!screen.contains(sandbox.configuration.clientSecret), "the secret was echoed:\n\(screen)")

    // Without a terminal there is no one to ask: the error says what to set.
    let noTerminal = try await runL360(
      ["-c", "integration list"], environment: ["XDG_CONFIG_HOME": folder.path])
    #expect(noTerminal.exitCode != 0)
    #expect(noTerminal.stderr.contains("no client secret for \(sandbox.configuration.clientId)"))
    await sandbox.stop()
  }
}
