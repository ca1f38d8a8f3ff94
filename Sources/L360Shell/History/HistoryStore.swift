import Foundation
import L360Client
import L360Language

/// Where the prompt's history lives and what may enter it.
///
/// The file is `$XDG_STATE_HOME/l360/history` (default `~/.local/state/l360/history`), mode 0600.
/// Consecutive duplicates are skipped, and a line that carries a secret (`client-secret=`, a
/// Bearer token) never enters it.
public struct HistoryStore: Sendable {
  /// The history file.
  public let path: String

  /// The default location, from the environment.
  public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/l360/history" }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return home + "/.local/state/l360/history"
  }

  /// Makes a store at `path`.
  public init(path: String) { self.path = path }

  /// True when the line may be remembered: not empty, not the same as the previous one, no secret.
  public static func shouldRemember(_ line: String, previous: String?) -> Bool {
    let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty, trimmed != previous?.trimmingCharacters(in: .whitespacesAndNewlines) else { return false }
    return !containsSecret(trimmed) && !KnownSecrets.occur(in: trimmed)
  }

  /// True when the text holds a client secret or an access token.
  public static func containsSecret(_ text: String) -> Bool {
    // `client-secret = x` is the same key as `client-secret=x`: spaces and tabs do not hide it.
    let lowered = text.lowercased().filter { $0 != " " && $0 != "\t" }
    return lowered.contains("client-secret=") || lowered.contains("client_secret") || lowered.contains("bearer")
      || lowered.contains("l360_client_secret")
  }

  /// Makes the folder (0700) and the file (0600) if they are missing, and tightens a wider mode; returns why the
  /// history cannot be kept (the path is a FIFO, a device, a folder, read-only...), or nil when it can.
  public func prepare() -> String? {
    let directory = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    do {
      let target = try AtomicFile.target(path)
      if !FileManager.default.fileExists(atPath: target.path) { try AtomicFile.write([], to: path, privacy: .owner) }
      chmod(target.path, 0o600)
      return nil
    } catch {
      return "the history is not kept: \(error.description)"
    }
  }

  /// Replaces the file with what `write` puts in a temporary file (libedit's `write_history`), so the history is
  /// written whole, as a regular file of mode 0600, through a symbolic link if the path is one.
  public func save(_ write: (_ temporaryPath: String) -> Void) throws(WriteError) {
    let temporary = NSTemporaryDirectory() + "/l360-history-\(getpid())-\(UUID().uuidString)"
    defer { unlink(temporary) }
    let created = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    if created >= 0 { close(created) }
    write(temporary)
    let bytes = FileManager.default.contents(atPath: temporary).map { Array($0) } ?? []
    try AtomicFile.write(bytes, to: path, privacy: .owner)
    if let target = try? AtomicFile.target(path) { chmod(target.path, 0o600) }
  }

  /// The lines of the history file, decoded from libedit's format (`_HiStOrY_V2_`, octal escapes).
  public func entries() -> [String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").filter { $0 != "_HiStOrY_V2_" }.map { Self.decode(String($0)) }
  }

  /// Decodes libedit's `\040`-style escapes.
  static func decode(_ line: String) -> String {
    var bytes: [UInt8] = []
    let utf8 = Array(line.utf8)
    var i = 0
    while i < utf8.count {
      if utf8[i] == UInt8(ascii: "\\"), i + 3 < utf8.count,
        let value = UInt8(String(decoding: utf8[(i + 1)..<min(i + 4, utf8.count)], as: UTF8.self), radix: 8)
      {
        bytes.append(value)
        i += 4
      } else {
        bytes.append(utf8[i])
        i += 1
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
