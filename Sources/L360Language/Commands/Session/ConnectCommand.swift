import Foundation
import L360Client

/// `connect sandbox | eu | us | URL [client-id=ID] [client-secret=SECRET]`.
struct ConnectCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["connect"], forms: [Form(.value("target", .text))],
    keys: [
      KeyDeclaration("client-id", .text, "the API v2 client id"),
      KeyDeclaration("client-secret", .text, "the API v2 client secret"),
    ],
    effect: .reads,
    summary:
      "Switch to the embedded sandbox, a 360Learning region (eu, us), or any API URL; says connected once a token was obtained.",
    example: "connect sandbox")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let target = try await arguments.required("target")
    let id = try await arguments.text("client-id")
    let secret = try await arguments.text("client-secret")
    if (id == nil) != (secret == nil) { throw arguments.fail("give both client-id= and client-secret=, or neither") }
    if let secret { context.interpreter.rememberSecret(secret) }
    let credentials = id.map { Credentials(clientId: $0, clientSecret: secret ?? "") }
    let connectTarget: ConnectTarget
    switch target {
    case "sandbox": connectTarget = .sandbox
    case "eu", "us": connectTarget = .server(ServerAddress.region(target)!)
    default: connectTarget = .server(try ServerAddress(url: target))
    }
    let connection = try await context.host.connect(connectTarget, credentials: credentials)
    let address = connection.client.configuration.server.baseURL.absoluteString
    // "connected" is said once the server answered: the token request proves the address and the credentials.
    context.host.note("connecting to \(connection.name) (\(address))...")
    try await connection.client.authenticate()
    context.interpreter.use(connection)
    await connection.client.setBulkOperationsInFlight(context.options.concurrency)
    return .string("connected to \(connection.name) (\(address))")
  }
}
