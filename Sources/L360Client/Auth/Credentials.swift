/// An API v2 client id and secret.
///
/// Its description never shows the secret.
public struct Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
  /// The OAuth2 client id.
  public let clientId: String
  /// The OAuth2 client secret; treat as a password.
  public let clientSecret: String

  /// Makes credentials.
  public init(clientId: String, clientSecret: String) {
    self.clientId = clientId
    self.clientSecret = clientSecret
    KnownSecrets.register(clientSecret)
  }

  public var description: String { "client_id=\(clientId) client_secret=***" }
  public var debugDescription: String { description }
}
