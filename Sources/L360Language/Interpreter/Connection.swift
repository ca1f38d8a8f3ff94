import L360Client

/// A live connection: the client and the name shown in prompts.
public struct Connection: Sendable {
  /// The client every command uses.
  public let client: V2Client
  /// "sandbox", "eu", "us" or the host.
  public let name: String
  /// True for the embedded simulator.
  public let isSandbox: Bool

  /// Makes a connection.
  public init(client: V2Client, name: String, isSandbox: Bool) {
    self.client = client
    self.name = name
    self.isSandbox = isSandbox
  }
}

/// Where `connect` points.
public enum ConnectTarget: Sendable, Equatable {
  /// The embedded simulator.
  case sandbox
  /// A named region or any URL.
  case server(ServerAddress)
}
