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
  private var typed: Credentials?
  private let progressLine: ProgressLine

  /// `progressLine` is where long phases show (by default stderr's, live on a terminal, plain lines otherwise).
  init(settings: ConnectionSettings, progressLine: ProgressLine = ProgressLine(terminal: isatty(STDERR_FILENO) == 1)) {
    self.settings = settings
    self.progressLine = progressLine
  }

  func output(_ line: String) {
    clearProgress()
    Output.line(line)
  }

  func note(_ line: String) {
    clearProgress()
    Output.error(line)
  }

  /// A script's shown values: a list of objects is a table on a terminal (or with --output table), JSON otherwise,
  /// so a script piped into another program keeps printing JSON.
  func show(_ value: Value, as format: Options.OutputFormat) {
    output(renderer.render(value, as: format, tableWidth: stdoutIsTerminal ? TableRenderer.terminalWidth() : nil))
  }

  /// Decided once: whether standard output is a terminal, and the colours that follow from it and `NO_COLOR`.
  private let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
  private let renderer = Renderer(
    colour: Renderer.colourWanted(
      isTerminal: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment))

  /// One live line on a terminal, a plain line now and then otherwise (see ``ProgressLine``).
  func progress(_ job: Job, _ operation: BulkOperation, processed: Int) {
    progressLine.draw(job, operation, processed: processed)
  }

  func activity(_ text: String, phase: String, always: Bool) {
    progressLine.show(text, phase: phase, always: always)
  }

  /// What the clients made here tell of retries, slot waits and slow answers goes to the same line; a retry is
  /// always said.
  private var clientActivity: @Sendable (ClientActivity) -> Void {
    { [progressLine] activity in
      progressLine.show(activity.description, phase: activity.phase, always: activity.phase == "retrying")
    }
  }

  private func clearProgress() { progressLine.clear() }

  func connect(_ target: ConnectTarget, credentials: Credentials?) async throws -> Connection {
    switch target {
    case .sandbox: return try await sandboxConnection()
    case .server(let address):
      // The environment's credentials go only to the server they were configured for (or a
      // 360Learning region), never to a host a script names.
      let trusted = [ServerAddress.eu, ServerAddress.us] + ((try? settings.address()).map { [$0] } ?? [])
      let isTrusted = trusted.contains { $0.isSameOrigin(address.baseURL) }
      let environment = isTrusted ? settings.environmentCredentials : nil
      guard let credentials = credentials ?? environment ?? (isTrusted ? askForSecret(address) : nil) else {
        let hint =
          settings.clientIdWithoutSecret != nil
          ? "no client secret for \(settings.clientIdWithoutSecret ?? ""): set L360_CLIENT_SECRET, add client-secret to the profile, or run at a terminal to be asked"
          : settings.environmentCredentials == nil
            ? "set L360_CLIENT_ID and L360_CLIENT_SECRET, use a profile (--profile), or pass client-id= and client-secret="
            : "the environment's credentials are only sent to \(trusted.map(\.name).joined(separator: ", ")); pass client-id= and client-secret="
        throw ConfigurationError("no credentials for \(address.name): \(hint)")
      }
      return Connection(
        client: settings.client(address, credentials, activity: clientActivity), name: address.name,
        isSandbox: false)
    }
  }

  /// The configured client id with a secret typed at the terminal (without echo), asked once per run.
  private func askForSecret(_ address: ServerAddress) -> Credentials? {
    guard let clientId = settings.clientIdWithoutSecret else { return nil }
    if let asked = lock.withLock({ typed }) { return asked }
    guard SecretPrompt.isAvailable,
      let secret = SecretPrompt.read("client secret for \(clientId) at \(address.name): "), !secret.isEmpty
    else { return nil }
    let credentials = Credentials(clientId: clientId, clientSecret: secret)
    lock.withLock { typed = credentials }
    return credentials
  }

  func defaultConnection() async throws -> Connection {
    if let address = try settings.address() {
      return try await connect(.server(address), credentials: nil)
    }
    if let credentials = settings.environmentCredentials {
      return try await connect(.server(.eu), credentials: credentials)
    }
    if settings.clientIdWithoutSecret != nil { return try await connect(.server(.eu), credentials: nil) }
    if settings.secretWithoutClientId {
      throw ConfigurationError(
        "L360_CLIENT_SECRET is set but no client id is: set L360_CLIENT_ID too (or unset both for the embedded sandbox)"
      )
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
    return Connection(
      client: settings.client(address, credentials, poll: fastPolls, activity: clientActivity), name: "sandbox",
      isSandbox: true)
  }

  /// Stops the embedded sandbox, if one was started.
  func shutdown() async {
    clearProgress()
    guard let running = lock.withLock({ sandbox }) else { return }
    // The embedded sandbox dies with the process anyway: its graceful stop may take a second, never the exit.
    let (ended, end) = AsyncStream<Void>.makeStream()
    Task {
      await running.stop()
      end.finish()
    }
    Task {
      try? await Task.sleep(for: .seconds(1))
      end.finish()
    }
    for await _ in ended {}
  }
}
