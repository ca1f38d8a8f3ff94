public import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// The in-process simulator of the 360Learning API v2, serving real HTTP on loopback.
///
/// ```swift
/// let sandbox = try await Sandbox.start()
/// // talk to sandbox.baseURL with sandbox.configuration.clientId / clientSecret
/// await sandbox.stop()
/// ```
public final class Sandbox: Sendable {
  /// The settings it runs with (credentials included).
  public let configuration: SandboxConfiguration
  /// The port it listens on.
  public let port: Int
  let state: SandboxState
  private let serviceGroup: ServiceGroup
  private let runTask: Task<Void, any Error>

  private init(
    configuration: SandboxConfiguration, port: Int, state: SandboxState, serviceGroup: ServiceGroup,
    runTask: Task<Void, any Error>
  ) {
    self.configuration = configuration
    self.port = port
    self.state = state
    self.serviceGroup = serviceGroup
    self.runTask = runTask
  }

  /// The base URL to give a client, like `http://127.0.0.1:50123`.
  public var baseURL: String { "http://\(configuration.host):\(port)" }

  /// Starts a sandbox and returns once it accepts connections.
  ///
  /// - Parameter handleSignals: stop on SIGINT and SIGTERM (for `l360 sandbox`); tests leave it off.
  public static func start(_ configuration: SandboxConfiguration = SandboxConfiguration(), handleSignals: Bool = false)
    async throws -> Sandbox
  {
    guard ["127.0.0.1", "localhost", "::1"].contains(configuration.host) else {
      throw SandboxError("the sandbox only listens on loopback (127.0.0.1, ::1 or localhost)")
    }
    return try await start(
      configuration, state: SandboxState(configuration: configuration), handleSignals: handleSignals)
  }

  /// Stops the server, stays down for `downtime`, then listens again on the same port with the same data.
  ///
  /// Connections are refused meanwhile, as with a real server restarting; operations keep their timeline.
  public func restart(after downtime: Duration) async throws -> Sandbox {
    await stop()
    try await Task.sleep(for: downtime)
    var configuration = self.configuration
    configuration.port = port
    // The old listener may take a moment to close after the shutdown returned: try the port again for a while.
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(10)
    while true {
      do {
        return try await Self.start(configuration, state: state, handleSignals: false)
      } catch  where clock.now < deadline {
        try await Task.sleep(for: .milliseconds(100))
      }
    }
  }

  private static func start(_ configuration: SandboxConfiguration, state: SandboxState, handleSignals: Bool)
    async throws -> Sandbox
  {
    var logger = Logger(label: "l360.sandbox")
    logger.logLevel = .critical
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let responder = CallbackResponder<SandboxRequestContext> { request, context in
      try await Self.respond(to: request, context: context, state: state)
    }
    let app = Application(
      responder: responder,
      configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
      onServerRunning: { channel in
        continuation.yield(channel.localAddress?.port ?? -1)
        continuation.finish()
      },
      logger: logger
    )
    let serviceGroup = ServiceGroup(
      configuration: .init(
        services: [app], gracefulShutdownSignals: handleSignals ? [.sigint, .sigterm] : [], logger: logger))
    let runTask = Task {
      defer { continuation.finish() }
      try await serviceGroup.run()
    }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next(), port > 0 else {
      if case .failure(let error) = await runTask.result {
        throw SandboxError("the sandbox could not listen on \(configuration.host):\(configuration.port): \(error)")
      }
      throw SandboxError("the sandbox stopped before it was listening")
    }
    await state.setBoundPort(port)
    return Sandbox(configuration: configuration, port: port, state: state, serviceGroup: serviceGroup, runTask: runTask)
  }

  /// Stops accepting connections and waits until the server has shut down.
  public func stop() async {
    await serviceGroup.triggerGracefulShutdown()
    _ = await runTask.result
  }

  /// Changes the injected faults from now on (a drill can turn a healthy server bad, then good again).
  public func setFaults(_ faults: FaultSettings) async { await state.setFaults(faults) }

  /// The externalIds of the courses an integration holds (archived ones included), for checking a migration.
  public func externalCourseIds(integrationId: String) async -> [String] {
    await state.externalCourseIds(integrationId: integrationId)
  }

  /// Waits until the server stops (after SIGINT or SIGTERM when started with `handleSignals`).
  public func waitUntilStopped() async throws {
    try await runTask.value
  }

  /// The requests received so far, when ``SandboxConfiguration/recordRequests`` is on.
  public func recordedRequests() async -> [RecordedRequest] {
    await state.recordedRequests()
  }

  /// Revokes every access token, so the next call of every client gets 401 `invalid_token`.
  public func revokeAllTokens() async {
    await state.revokeAllTokens()
  }

  private static func respond(to request: Request, context: SandboxRequestContext, state: SandboxState) async throws
    -> Response
  {
    var request = request
    let body = try await request.collectBody(upTo: 512 << 20)
    let exchange = SandboxRequest(
      method: request.method.rawValue,
      path: request.uri.path,
      query: SandboxRequest.parseQuery(request.uri.query),
      headers: request.headers.map { ($0.name.rawName, $0.value) },
      body: Array(body.readableBytesView)
    )
    let answer = await state.handle(exchange)
    if answer.delay > .zero { try await Task.sleep(for: answer.delay) }
    if answer.dropConnection {
      // Close the connection with no response: the client sees the network fail.
      try? await context.channel.close()
      throw SandboxError("connection dropped by a fault knob")
    }
    var headers = HTTPFields()
    for (name, value) in answer.headers {
      if let fieldName = HTTPField.Name(name) { headers.append(HTTPField(name: fieldName, value: value)) }
    }
    return Response(
      status: HTTPResponse.Status(code: answer.status), headers: headers,
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
  }
}

/// Why the sandbox could not start or serve.
public struct SandboxError: Error, Sendable, CustomStringConvertible {
  /// The explanation.
  public let message: String
  init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The request context: Hummingbird's basics plus the channel, so a fault can drop the connection.
struct SandboxRequestContext: RequestContext {
  var coreContext: CoreRequestContextStorage
  let channel: any Channel

  init(source: ApplicationRequestContextSource) {
    self.coreContext = .init(source: source)
    self.channel = source.channel
  }
}
