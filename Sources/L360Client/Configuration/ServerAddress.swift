public import Foundation

/// Where the API lives: one of the two 360Learning regions, or any URL (a sandbox, a proxy).
public struct ServerAddress: Sendable, Equatable, CustomStringConvertible {
  /// The base URL, without a trailing slash ("https://app.360learning.com").
  public let baseURL: URL
  /// A short name for prompts and messages ("eu", "us", "sandbox", or the host).
  public let name: String

  /// Production EU: `https://app.360learning.com`.
  public static let eu = ServerAddress(validated: URL(string: "https://app.360learning.com")!, name: "eu")
  /// Production US: `https://app.us.360learning.com`.
  public static let us = ServerAddress(validated: URL(string: "https://app.us.360learning.com")!, name: "us")

  private init(validated url: URL, name: String) {
    self.baseURL = url
    self.name = name
  }

  /// Parses a base URL.
  ///
  /// `http://` is accepted only for loopback hosts, so credentials never travel in clear text.
  public init(url text: String, name: String? = nil) throws(ConfigurationError) {
    var trimmed = text
    while trimmed.hasSuffix("/") { trimmed.removeLast() }
    guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty
    else {
      throw ConfigurationError("'\(text)' is not a valid base URL (expected https://HOST)")
    }
    switch scheme {
    case "https": break
    case "http":
      guard Self.isLoopback(host) else {
        throw ConfigurationError(
          "refusing http:// to \(host): credentials would travel unencrypted; use https:// (http:// is allowed only for 127.0.0.1, ::1 and localhost)"
        )
      }
    default:
      throw ConfigurationError("'\(text)' must start with https://")
    }
    self.baseURL = url
    self.name = name ?? host
  }

  /// True for 127.0.0.0/8, ::1 and localhost.
  public static func isLoopback(_ host: String) -> Bool {
    let h = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
    if h == "localhost" || h == "::1" { return true }
    // A literal 127.x.y.z only: "127.evil.example" is a DNS name like any other.
    let parts = h.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { part in UInt8(part) != nil }
  }

  /// The region for "eu" or "us", nil for anything else.
  public static func region(_ name: String) -> ServerAddress? {
    switch name.lowercased() {
    case "eu": .eu
    case "us": .us
    default: nil
    }
  }

  public var description: String { baseURL.absoluteString }

  /// True when `url` has the same scheme, host and port as the base URL: only then may it carry our token.
  public func isSameOrigin(_ url: URL) -> Bool {
    url.scheme?.lowercased() == baseURL.scheme?.lowercased() && url.host?.lowercased() == baseURL.host?.lowercased()
      && (url.port ?? defaultPort(url)) == (baseURL.port ?? defaultPort(baseURL))
  }

  private func defaultPort(_ url: URL) -> Int { url.scheme?.lowercased() == "http" ? 80 : 443 }
}

/// A setting that cannot work (bad URL, missing credentials); nothing was sent.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
  /// The explanation.
  public let message: String
  /// Makes an error with a message.
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
