import ArgumentParser
import Foundation
import L360Client

/// `--base-url` and `--region`, shared by the commands that talk to the API.
struct ConnectionOptions: ParsableArguments {
  @Option(
    name: .customLong("base-url"),
    help: "The API's base URL (default: $L360_BASE_URL, or the embedded sandbox when no credentials are set).")
  var baseURL: String?

  @Option(help: "A 360Learning region: eu (https://app.360learning.com) or us (https://app.us.360learning.com).")
  var region: String?

  func validate() throws {
    if baseURL != nil && region != nil { throw ValidationError("give --base-url or --region, not both") }
    if let region, ServerAddress.region(region) == nil { throw ValidationError("--region must be eu or us") }
  }

  var settings: ConnectionSettings {
    ConnectionSettings(baseURL: baseURL, region: region, environment: ProcessInfo.processInfo.environment)
  }
}

/// Where to connect by default and with which credentials, from flags and the environment.
struct ConnectionSettings: Sendable {
  var baseURL: String?
  var region: String?
  var environment: [String: String]

  /// The server named by `--base-url`, `--region` or `L360_BASE_URL`, if any.
  func address() throws -> ServerAddress? {
    if let region { return ServerAddress.region(region) }
    if let url = baseURL ?? environment["L360_BASE_URL"], !url.isEmpty { return try ServerAddress(url: url) }
    return nil
  }

  /// `L360_CLIENT_ID` and `L360_CLIENT_SECRET`, when both are set.
  var environmentCredentials: Credentials? {
    guard let id = environment["L360_CLIENT_ID"], !id.isEmpty, let secret = environment["L360_CLIENT_SECRET"],
      !secret.isEmpty
    else { return nil }
    return Credentials(clientId: id, clientSecret: secret)
  }

  func client(_ address: ServerAddress, _ credentials: Credentials, poll: PollSchedule = PollSchedule()) -> V2Client {
    V2Client(configuration: ClientConfiguration(server: address, credentials: credentials, poll: poll))
  }
}
