import Foundation
import Synchronization

/// Every secret value this process knows (client secrets from any source, access tokens), so that whatever l360
/// renders, prints, saves or remembers can mask them.
///
/// A secret is registered where it enters: ``Credentials`` for a client secret (environment, profile, prompt or
/// `connect client-secret=`), the token store for each access token. Values shorter than ``minimumLength`` are not
/// registered: masking every "x" of the output would hide more than it protects (and such a secret is no secret).
public enum KnownSecrets {
  /// The shortest value that is masked.
  public static let minimumLength = 6

  private static let values = Mutex<Set<String>>([])

  /// Adds a secret value.
  public static func register(_ value: String) {
    guard value.count >= minimumLength else { return }
    _ = values.withLock { $0.insert(value) }
  }

  /// True when `text` holds a known secret.
  public static func occur(in text: String) -> Bool {
    let all = values.withLock { $0 }
    return all.contains { text.contains($0) }
  }

  /// `text` with each known secret replaced by `***`.
  public static func masked(_ text: String) -> String {
    let all = values.withLock { $0 }
    guard !all.isEmpty else { return text }
    var result = text
    // The longest first, so a secret that contains another is masked whole.
    for secret in all.sorted(by: { $0.count > $1.count }) where result.contains(secret) {
      result = result.replacingOccurrences(of: secret, with: "***")
    }
    return result
  }
}
