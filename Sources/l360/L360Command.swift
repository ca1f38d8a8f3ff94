import ArgumentParser

/// The `l360` command line: argument parsing and wiring only; the work lives in the libraries.
@main
struct L360Command: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "l360",
    abstract: "Drive the 360Learning API v2 safely: bulk imports and catalog changes, awaited to the last item.",
    discussion: """
      l360 talks to the 360Learning API v2 with OAuth2 client credentials, the 360-api-version header, pacing, retries and bulk-job polling built in. With no credentials it runs everything against an embedded sandbox that simulates the API on 127.0.0.1.

      Examples:
        l360 demo                      # the two v2 flows, end to end, on the embedded sandbox
        l360 sandbox --port 8360       # serve the simulator for your own scripts or curl
      """,
    version: L360Version.current,
    subcommands: [DemoCommand.self, SandboxCommand.self]
  )
}
