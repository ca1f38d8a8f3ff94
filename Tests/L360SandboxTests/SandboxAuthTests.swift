import L360Client
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

private func json(_ response: HTTPResponse) throws -> JSONValue { try JSONParser.parse(bytes: response.body) }

@Suite("Sandbox: token endpoint, version header, bearer tokens")
struct SandboxAuthTests {
  @Test(
    "the token endpoint validates like the API",
    arguments: [
      (#"{"client_id":"a","client_secret":"b"}"#, 400, "invalid_request"),
      (#"not json"#, 400, "invalid_request"),
      (#"{"grant_type":"password","client_id":"a","client_secret":"b"}"#, 400, "unsupported_grant_type"),
      (
        #"{"grant_type":"client_credentials","client_id":"sandbox-client","client_secret":"wrong"}"#, 401,
        "invalid_client"
      ),
    ])
  func tokenErrors(body: String, status: Int, code: String) async throws {
    let sandbox = try await Sandbox.start()
    let response = try await rawSend(sandbox, "POST", "/api/v2/oauth2/token", body: body)
    #expect(response.status == status)
    #expect(try json(response) == ["error": .string(code)])
    await sandbox.stop()
  }

  @Test("a token is issued with its lifetime, as a number or as a string")
  func tokenIssued() async throws {
    for asString in [false, true] {
      let sandbox = try await Sandbox.start(
        SandboxConfiguration(tokenLifetime: .seconds(90), expiresInAsString: asString))
      let body =
        #"{"grant_type":"client_credentials","client_id":"sandbox-client","client_secret":"\#(sandbox.configuration.clientSecret)"}"#
      let response = try await rawSend(sandbox, "POST", "/api/v2/oauth2/token", body: body)
      let token = try json(response)
      #expect(response.status == 200)
      #expect(token["token_type"] == "Bearer")
      #expect(token["expires_in"] == (asString ? "90" : 90))
      #expect(token["access_token"]?.stringValue?.isEmpty == false)
      await sandbox.stop()
    }
  }

  @Test("every other call needs the version header and a live token")
  func versionAndToken() async throws {
    let sandbox = try await Sandbox.start()
    let token = try await sandboxToken(sandbox)

    let noVersion = try await rawSend(
      sandbox, "GET", "/api/v2/integrations", headers: [("Authorization", "Bearer \(token)")])
    #expect(noVersion.status == 400)
    #expect(try json(noVersion)["error"]?["code"] == "invalidApiVersion")

    let noToken = try await rawSend(sandbox, "GET", "/api/v2/integrations", headers: [("360-api-version", "v2.0")])
    #expect(noToken.status == 401)
    #expect(try json(noToken) == ["error": "invalid_token"])

    let unknown = try await rawSend(sandbox, "GET", "/api/v2/integrations", headers: v2Headers("not-a-token"))
    #expect(unknown.status == 401)
    #expect(try await rawSend(sandbox, "GET", "/api/v2/integrations", headers: v2Headers(token)).status == 200)
    await sandbox.stop()
  }

  @Test("a token stops working after its lifetime")
  func expiry() async throws {
    // Only a lower bound on time is asserted: the token is certainly expired after its lifetime.
    let sandbox = try await Sandbox.start(SandboxConfiguration(tokenLifetime: .milliseconds(500)))
    let token = try await sandboxToken(sandbox)
    try await Task.sleep(for: .milliseconds(700))
    let expired = try await rawSend(sandbox, "GET", "/api/v2/integrations", headers: v2Headers(token))
    #expect(expired.status == 401)
    #expect(try json(expired) == ["error": "invalid_token"])
    await sandbox.stop()
  }

  @Test("a method a path does not take answers 405 with the Allow header; an operation not simulated answers 404")
  func methodNotAllowed() async throws {
    let sandbox = try await Sandbox.start()
    let token = try await sandboxToken(sandbox)
    let put = try await rawSend(sandbox, "PUT", "/api/v2/users", headers: v2Headers(token))
    #expect(put.status == 405)
    #expect(put.header("Allow") == "GET, POST")
    let tokenGet = try await rawSend(sandbox, "GET", "/api/v2/oauth2/token")
    #expect(tokenGet.status == 405 && tokenGet.header("Allow") == "POST")
    let notSimulated = try await rawSend(sandbox, "POST", "/api/v2/users", headers: v2Headers(token), body: "{}")
    #expect(notSimulated.status == 404)
    await sandbox.stop()
  }
}
