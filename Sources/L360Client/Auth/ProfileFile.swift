public import Foundation
import L360Schema

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One named connection from the profiles file: where to connect and as whom.
public struct Profile: Sendable, Equatable {
  /// The section name (`[staging]`).
  public let name: String
  /// `base-url`.
  public var baseURL: String?
  /// `region` (eu or us).
  public var region: String?
  /// `client-id`.
  public var clientId: String?
  /// `client-secret`; when absent, l360 asks for it at a terminal, without echo.
  public var clientSecret: String?
}

/// The profiles file, `$XDG_CONFIG_HOME/l360/profiles` (else `~/.config/l360/profiles`): INI-style sections of
/// `key = value` lines, `#` comments.
///
/// ```
/// [default]
/// region = eu
/// client-id = 3f2c...
/// client-secret = ...
/// ```
///
/// It holds secrets, so it is refused (with the `chmod` to run) when anyone but its owner may read or write it.
public enum ProfileFile {
  /// The keys a section may hold.
  public static let keys = ["base-url", "region", "client-id", "client-secret"]

  /// The file's path for an environment.
  public static func path(environment: [String: String]) -> String {
    if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/l360/profiles" }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return home + "/.config/l360/profiles"
  }

  /// The profiles in the file at `path`, by name; empty when there is no file.
  public static func load(path: String) throws(ProfileError) -> [String: Profile] {
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == ENOENT { return [:] }
      throw ProfileError("cannot read \(path): \(String(cString: strerror(errno)))")
    }
    let mode = info.st_mode & 0o777
    guard mode & 0o077 == 0 else {
      throw ProfileError(
        "refusing \(path): its mode is \(String(mode, radix: 8)), so others may read the secrets in it; run: chmod 600 \(path)"
      )
    }
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw ProfileError("cannot read \(path) as UTF-8 text")
    }
    return try parse(text, path: path)
  }

  /// Parses the file's text; errors name the file and line.
  public static func parse(_ text: String, path: String) throws(ProfileError) -> [String: Profile] {
    var profiles: [String: Profile] = [:]
    var current: String?
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
      if line.hasPrefix("[") {
        guard line.hasSuffix("]"), line.count > 2 else {
          throw ProfileError("\(path):\(index + 1): a section is written [name]")
        }
        let name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        profiles[name] = profiles[name] ?? Profile(name: name)
        current = name
        continue
      }
      guard let equals = line.firstIndex(of: "=") else {
        throw ProfileError("\(path):\(index + 1): expected key = value")
      }
      guard let section = current else {
        throw ProfileError("\(path):\(index + 1): a key before any [section]")
      }
      let key = line[..<equals].trimmingCharacters(in: .whitespaces)
      let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      switch key {
      case "base-url": profiles[section]?.baseURL = value
      case "region": profiles[section]?.region = value
      case "client-id": profiles[section]?.clientId = value
      case "client-secret": profiles[section]?.clientSecret = value
      default:
        let hint = closest(to: key, among: keys).map { " (did you mean \($0)?)" } ?? ""
        throw ProfileError("\(path):\(index + 1): unknown key '\(key)'\(hint); keys: \(keys.joined(separator: ", "))")
      }
    }
    return profiles
  }
}

/// The profiles file is unsafe or malformed; nothing was sent.
public struct ProfileError: Error, Sendable, CustomStringConvertible {
  /// What is wrong, naming the file (and line).
  public let description: String
  public init(_ description: String) { self.description = description }
}
