import Foundation
import L360Client
import L360JSON
import L360Language
import L360Sandbox
import L360Shell

/// Connects the interpreter to the terminal and the network: stdout for output, stderr for notes
/// and live progress, and connections made from flags, environment, or the embedded sandbox.
final class ConsoleHost: InterpreterHost, @unchecked Sendable {
  let settings: ConnectionSettings
  private let lock = NSLock()
  private var sandbox: Sandbox?
  private let progressLine = ProgressLine(enabled: isatty(STDERR_FILENO) == 1)

  init(settings: ConnectionSettings) { self.settings = settings }

  func output(_ line: String) {
    clearProgress()
    Output.line(line)
  }

  func note(_ line: String) {
    clearProgress()
    Output.error(line)
  }

  /// One live line on a terminal (see ``ProgressLine``); nothing when stderr is not a terminal.
  func progress(_ job: Job, _ operation: BulkOperation, processed: Int) {
    progressLine.draw(job, operation, processed: processed)
  }

  private func clearProgress() { progressLine.clear() }

  func connect(_ target: ConnectTarget, credentials: Credentials?) async throws -> Connection {
    switch target {
    case .sandbox: return try await sandboxConnection()
    case .server(let address):
      // The environment's credentials go only to the server they were configured for (or a
      // 360Learning region), never to a host a script names.
      let trusted = [ServerAddress.eu, ServerAddress.us] + ((try? settings.address()).map { [$0] } ?? [])
      let environment = trusted.contains { $0.isSameOrigin(address.baseURL) } ? settings.environmentCredentials : nil
      guard let credentials = credentials ?? environment else {
        let hint =
          settings.environmentCredentials == nil
          ? "set L360_CLIENT_ID and L360_CLIENT_SECRET, or pass client-id= and client-secret="
          : "the environment's credentials are only sent to \(trusted.map(\.name).joined(separator: ", ")); pass client-id= and client-secret="
        throw ConfigurationError("no credentials for \(address.name): \(hint)")
      }
      return Connection(client: settings.client(address, credentials), name: address.name, isSandbox: false)
    }
  }

  func defaultConnection() async throws -> Connection {
    if let address = try settings.address() {
      return try await connect(.server(address), credentials: nil)
    }
    if let credentials = settings.environmentCredentials {
      return try await connect(.server(.eu), credentials: credentials)
    }
    let connection = try await sandboxConnection()
    note(
      "l360: no credentials found; using the embedded sandbox at \(connection.client.configuration.server.baseURL.absoluteString)"
    )
    return connection
  }

  private func sandboxConnection() async throws -> Connection {
    let running: Sandbox
    if let existing = lock.withLock({ sandbox }) {
      running = existing
    } else {
      running = try await Sandbox.start()
      lock.withLock { sandbox = running }
    }
    let credentials = Credentials(
      clientId: running.configuration.clientId, clientSecret: running.configuration.clientSecret)
    let address = try ServerAddress(url: running.baseURL, name: "sandbox")
    let fastPolls = PollSchedule(initial: .milliseconds(200), factor: 1.5, maximum: .seconds(2))
    return Connection(client: settings.client(address, credentials, poll: fastPolls), name: "sandbox", isSandbox: true)
  }

  /// Stops the embedded sandbox, if one was started.
  func shutdown() async {
    clearProgress()
    if let running = lock.withLock({ sandbox }) { await running.stop() }
  }
}
