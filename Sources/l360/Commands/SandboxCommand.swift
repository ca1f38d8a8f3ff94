import ArgumentParser
import L360Sandbox

/// `l360 sandbox`: serves the API simulator standalone until SIGINT or SIGTERM.
struct SandboxCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sandbox",
    abstract: "Serve the 360Learning API v2 simulator on 127.0.0.1.",
    discussion: """
      The first line printed is exactly `listening on http://127.0.0.1:PORT`; then come key=value lines with the credentials and the seeded ids (client_id, client_secret, group_id, author_id, course_id, path_session_id; a key may repeat). Stop it with Ctrl-C or SIGTERM.

      Example:
        l360 sandbox --port 0 --operation-duration 5
      """
  )

  @Option(help: "Port to listen on; 0 picks a free one.")
  var port: Int = 0

  @Option(help: "Seconds a bulk operation takes from submission to completion.")
  var operationDuration: Double = 1.2

  @Option(help: "Seconds an access token lives.")
  var tokenTtl: Double = 3600

  @Option(help: "The client id to accept.")
  var clientId: String = "sandbox-client"

  @Option(help: "The client secret to accept (default: a fresh random one).")
  var clientSecret: String?

  @Option(help: "Fraction of requests answered with a 5xx (0 to 1), for fault drills.")
  var serverErrorRate: Double = 0

  @Option(help: "Fraction of requests whose connection is dropped (0 to 1), for fault drills.")
  var dropRate: Double = 0

  @Option(help: "Seed of the injected faults.")
  var seed: UInt64 = 360

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    guard operationDuration >= 0 else { throw ValidationError("--operation-duration must not be negative") }
    guard tokenTtl > 0 else { throw ValidationError("--token-ttl must be positive") }
    guard (0...1).contains(serverErrorRate), (0...1).contains(dropRate) else {
      throw ValidationError("fault rates must be from 0 to 1")
    }
  }

  func run() async throws {
    let configuration = SandboxConfiguration(
      port: port,
      clientId: clientId,
      clientSecret: clientSecret ?? SandboxConfiguration.randomSecret(),
      tokenLifetime: .milliseconds(Int64(tokenTtl * 1000)),
      operationDuration: .milliseconds(Int64(operationDuration * 1000)),
      faults: FaultSettings(serverErrorRate: serverErrorRate, dropRate: dropRate, seed: seed)
    )
    let sandbox = try await Sandbox.start(configuration, handleSignals: true)
    Output.line("listening on \(sandbox.baseURL)")
    Output.line("client_id=\(configuration.clientId)")
    Output.line("client_secret=\(configuration.clientSecret)")
    for group in SeedData.groups { Output.line("group_id=\(group.id)") }
    for user in SeedData.authors { Output.line("author_id=\(user)") }
    Output.line("course_id=\(SeedData.courseId)")
    Output.line("course_id=\(SeedData.secondCourseId)")
    Output.line("path_session_id=\(SeedData.pathSessionId)")
    try await sandbox.waitUntilStopped()
  }
}
