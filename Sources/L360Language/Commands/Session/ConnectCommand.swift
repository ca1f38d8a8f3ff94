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
    summary: "Switch to the embedded sandbox, a 360Learning region (eu, us), or any API URL.",
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
    context.interpreter.use(connection)
    await connection.client.setBulkOperationsInFlight(context.options.concurrency)
    return .string("connected to \(connection.name) (\(connection.client.configuration.server.baseURL.absoluteString))")
  }
}
