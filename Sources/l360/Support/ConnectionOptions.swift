import ArgumentParser
import Foundation
import L360Client

/// `--base-url`, `--region` and `--profile`, shared by the commands that talk to the API.
struct ConnectionOptions: ParsableArguments {
  @Option(
    name: .customLong("base-url"),
    help: "The API's base URL (default: $L360_BASE_URL, or the embedded sandbox when no credentials are set).")
  var baseURL: String?

  @Option(
    help: "A 360Learning region: eu (https://app.360learning.com) or us (https://app.us.360learning.com).",
    completion: .list(["eu", "us"]))
  var region: String?

  @Option(
    help: ArgumentHelp(
      "A section of the profiles file ($XDG_CONFIG_HOME/l360/profiles) to connect with (default: $L360_PROFILE, else [default]).",
      discussion: "The file must be mode 0600. Keys: base-url, region, client-id, client-secret."),
    completion: .custom { _, _, prefix in ShellCompletions.profiles(startingWith: prefix) })
  var profile: String?

  func validate() throws {
    if baseURL != nil && region != nil { throw ValidationError("give --base-url or --region, not both") }
    if let region, ServerAddress.region(region) == nil { throw ValidationError("--region must be eu or us") }
    if let baseURL {
      do { _ = try ServerAddress(url: baseURL) } catch { throw ValidationError("--base-url: \(error)") }
    }
  }

  /// True when a flag names a server or a profile.
  var namesAConnection: Bool { baseURL != nil || region != nil || profile != nil }

  /// The settings from these flags, the environment and the profiles file; a bad profiles file exits 2.
  func settings(mergedWith root: ConnectionOptions? = nil) throws -> ConnectionSettings {
    do {
      return try ConnectionSettings(
        baseURL: baseURL ?? root?.baseURL, region: region ?? root?.region, profileName: profile ?? root?.profile,
        environment: ProcessInfo.processInfo.environment)
    } catch {
      Output.error("error: \(error)")
      throw ExitCode(2)
    }
  }
}

/// Where to connect by default and with which credentials: flags first, then the environment, then the profile.
struct ConnectionSettings: Sendable {
  var baseURL: String?
  var region: String?
  var environment: [String: String]
  /// The profile in use: `--profile`, else `$L360_PROFILE`, else the file's `[default]` section, if any.
  var profile: Profile?

  /// Settings that always use the embedded sandbox (tutorials, unless told otherwise).
  static let embeddedSandbox = ConnectionSettings()

  private init() {
    environment = [:]
  }

  init(baseURL: String?, region: String?, profileName: String?, environment: [String: String]) throws(ProfileError) {
    self.baseURL = baseURL
    self.region = region
    self.environment = environment
    let name = profileName ?? environment["L360_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
    let path = ProfileFile.path(environment: environment)
    let profiles = try ProfileFile.load(path: path)
    if let name {
      guard let found = profiles[name] else {
        let known = profiles.keys.sorted()
        throw ProfileError(
          "no profile [\(name)] in \(path)"
            + (known.isEmpty ? " (the file has none)" : " (profiles: \(known.joined(separator: ", ")))"))
      }
      profile = found
    } else {
      profile = profiles["default"]
    }
    if let region = profile?.region, ServerAddress.region(region) == nil {
      throw ProfileError("profile [\(profile?.name ?? "")] in \(path): region must be eu or us, not \(region)")
    }
  }

  /// The server named by `--base-url`, `--region`, `L360_BASE_URL` or the profile, if any.
  func address() throws -> ServerAddress? {
    if let region { return ServerAddress.region(region) }
    if let url = baseURL ?? environment["L360_BASE_URL"], !url.isEmpty { return try ServerAddress(url: url) }
    if let region = profile?.region { return ServerAddress.region(region) }
    if let url = profile?.baseURL, !url.isEmpty { return try ServerAddress(url: url) }
    return nil
  }

  /// `L360_CLIENT_ID` and `L360_CLIENT_SECRET` when both are set, else the profile's client id and secret.
  var environmentCredentials: Credentials? {
    if let id = environment["L360_CLIENT_ID"], !id.isEmpty, let secret = environment["L360_CLIENT_SECRET"],
      !secret.isEmpty
    {
      return Credentials(clientId: id, clientSecret: secret)
    }
    if let id = profile?.clientId, !id.isEmpty, let secret = profile?.clientSecret, !secret.isEmpty {
      return Credentials(clientId: id, clientSecret: secret)
    }
    return nil
  }

  /// `L360_CLIENT_SECRET` set without any client id: a mistake to report, not a reason to fall back to the sandbox.
  var secretWithoutClientId: Bool {
    guard let secret = environment["L360_CLIENT_SECRET"], !secret.isEmpty else { return false }
    return (environment["L360_CLIENT_ID"] ?? "").isEmpty && (profile?.clientId ?? "").isEmpty
  }

  /// A client id known without its secret (in the environment or the profile): l360 asks for the secret.
  var clientIdWithoutSecret: String? {
    guard environmentCredentials == nil else { return nil }
    if let id = environment["L360_CLIENT_ID"], !id.isEmpty { return id }
    if let id = profile?.clientId, !id.isEmpty { return id }
    return nil
  }

  func client(
    _ address: ServerAddress, _ credentials: Credentials, poll: PollSchedule = PollSchedule(),
    activity: (@Sendable (ClientActivity) -> Void)? = nil
  ) -> V2Client {
    V2Client(
      configuration: ClientConfiguration(server: address, credentials: credentials, poll: poll, activity: activity))
  }
}
