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

  /// The values, longest first (a secret that contains another is masked whole), kept sorted as they come: every
  /// line l360 prints is masked, so this is read far more often than written.
  private static let values = Mutex<[String]>([])

  /// Adds a secret value.
  public static func register(_ value: String) {
    guard value.count >= minimumLength else { return }
    values.withLock { values in
      guard !values.contains(value) else { return }
      values.insert(value, at: values.firstIndex { $0.count < value.count } ?? values.endIndex)
    }
  }

  /// True when `text` holds a known secret.
  public static func occur(in text: String) -> Bool {
    values.withLock { $0 }.contains { text.contains($0) }
  }

  /// `text` with each known secret replaced by `***`.
  public static func masked(_ text: String) -> String {
    var result = text
    for secret in values.withLock({ $0 }) where result.contains(secret) {
      result = result.replacingOccurrences(of: secret, with: "***")
    }
    return result
  }
}
