import Foundation

/// A real terminal for tests: a tmux session running a command, driven with send-keys and read
/// with capture-pane, as a person at a keyboard would.
public final class TerminalSession: @unchecked Sendable {
  let name: String

  /// True when tmux is installed (scripts/test installs it).
  public static var isAvailable: Bool {
    FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
      || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
  }

  /// Starts `command` in a new detached 120x40 session with extra environment variables.
  public init(_ command: [String], environment: [String: String] = [:]) throws {
    name = "l360-test-\(UUID().uuidString.prefix(8))"
    var environment = environment
    if environment["L360_JOURNAL_DIR"] == nil {
      environment["L360_JOURNAL_DIR"] =
        FileManager.default.temporaryDirectory.appendingPathComponent(
          "l360-journal-\(UUID().uuidString)"
        ).path
    }
    let env = environment.map { "\($0.key)=\($0.value)" }
    // The pane stays after the command exits, so its last screen and exit status can be read.
    // A wrapper shell prints the exit status (tmux 3.3 leaves #{pane_dead_status} empty).
    let wrapped = ["sh", "-c", "\"$@\"; echo \"[exit $?]\"", "sh"] + command
    try tmux(["new-session", "-d", "-s", name, "-x", "120", "-y", "40", "env"] + env + wrapped)
    try tmux(["set-option", "-t", name, "remain-on-exit", "on"])
  }

  // Ending its only session ends the session's server too (tmux exits when it has no session).
  deinit { try? tmux(["kill-session", "-t", name]) }

  /// Types keys (tmux key names such as `Tab`, `Enter`, `C-c`, `C-d`, or literal text).
  public func send(_ keys: String...) throws {
    try tmux(["send-keys", "-t", name] + keys)
  }

  /// Types text literally (no key-name interpretation).
  public func type(_ text: String) throws {
    try tmux(["send-keys", "-t", name, "-l", text])
  }

  /// The visible screen and its scrollback.
  public func screen() throws -> String {
    try tmux(["capture-pane", "-t", name, "-p", "-S", "-200"])
  }

  /// True while the session's command runs.
  public var isRunning: Bool {
    guard let dead = try? tmux(["display-message", "-p", "-t", name, "#{pane_dead}"]) else { return false }
    return dead.trimmingCharacters(in: .whitespacesAndNewlines) != "1"
  }

  /// The command's exit status, once it has exited.
  public var exitStatus: Int? {
    guard !isRunning, let text = try? screen(), let range = text.range(of: "[exit ", options: .backwards) else {
      return nil
    }
    return Int(text[range.upperBound...].prefix { $0.isNumber })
  }

  // The waits are generous: under the full parallel suite on 2 cores, a first prompt has taken 15 s to appear.
  // Tests that promise a speed (Ctrl-C within a second) measure it themselves.

  /// Waits until `text` appears at least `count` times (for example, the n-th prompt).
  @discardableResult
  public func waitFor(_ text: String, count: Int, timeout: Duration = .seconds(45)) async throws -> String {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    var last = ""
    while clock.now < deadline {
      last = (try? screen()) ?? last
      if last.components(separatedBy: text).count - 1 >= count { return last }
      try await Task.sleep(for: .milliseconds(50))
    }
    throw TestSupportError("the terminal never showed \"\(text)\" \(count) times; it shows:\n\(last)")
  }

  /// Waits until the screen contains `text`; returns the screen, or throws after `timeout`.
  @discardableResult
  public func waitFor(_ text: String, timeout: Duration = .seconds(45)) async throws -> String {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    var last = ""
    while clock.now < deadline {
      last = (try? screen()) ?? last
      if last.contains(text) { return last }
      try await Task.sleep(for: .milliseconds(50))
    }
    throw TestSupportError(
      "the terminal never showed \"\(text)\"; \(isRunning ? "the command runs" : "the session is gone or its command ended"); it shows:\n\(last)"
    )
  }

  /// Sends Ctrl-D once the screen ends with an empty prompt, `prompt` (the statement before has ended).
  ///
  /// A key typed while a statement still runs reaches the terminal in its cooked mode, where a Ctrl-D is taken as
  /// an end-of-file for a read nobody makes and is lost: the prompt that comes next would wait for ever.
  public func endAtPrompt(_ prompt: String, timeout: Duration = .seconds(45)) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    var last = ""
    while clock.now < deadline {
      last = (try? screen()) ?? last
      let lines = last.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      if lines.last == prompt {
        try send("C-d")
        return
      }
      try await Task.sleep(for: .milliseconds(50))
    }
    throw TestSupportError("the terminal never came back to an empty \"\(prompt)\"; it shows:\n\(last)")
  }

  /// Waits until the command has exited.
  public func waitForExit(timeout: Duration = .seconds(10)) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while isRunning && clock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
    if isRunning {
      // The screen says where it stopped (a prompt still waiting, a message, a half-drawn line).
      throw TestSupportError("the terminal's command did not exit; its screen:\n\((try? screen()) ?? "(unreadable)")")
    }
  }

  /// Runs tmux on this session's own server (`-L NAME`).
  ///
  /// One server per session: with a shared server, a test ending its last session shuts the server down, and a
  /// session another test creates at that moment vanishes with it (an empty screen until the wait gives up).
  @discardableResult
  func tmux(_ arguments: [String]) throws -> String {
    let process = try ChildProcess(
      "/usr/bin/env", ["tmux", "-L", name] + arguments, environment: ProcessInfo.processInfo.environment,
      stdin: .null, stderr: .null)
    let data = process.stdout?.readDataToEndOfFile() ?? Data()
    guard process.wait() == 0 else { throw TestSupportError("tmux \(arguments.first ?? "") failed") }
    return String(decoding: data, as: UTF8.self)
  }
}
