import Foundation
import Testing

@testable import L360Client

@Suite("Errors, links, tokens and addresses")
struct ErrorAndParsingTests {
  @Test("both error shapes decode, with the operation named")
  func errorShapes() {
    let nested = APIError(
      operation: "integration create",
      response: HTTPResponse(
        status: 400,
        body: Array(#"{"error":{"code":"duplicateExternalPlatform","message":"Already exists."}}"#.utf8)))
    #expect(nested.code == "duplicateExternalPlatform")
    #expect(nested.description == "integration create failed: duplicateExternalPlatform: Already exists. (HTTP 400)")

    let bare = APIError(
      operation: "jobs get", response: HTTPResponse(status: 429, body: Array(#"{"error":"tooManyRequests"}"#.utf8)))
    #expect(bare.code == "tooManyRequests")
    #expect(bare.message == nil)
    #expect(bare.description == "jobs get failed: tooManyRequests (HTTP 429)")

    let html = APIError(
      operation: "jobs get", response: HTTPResponse(status: 502, body: Array("<html>Bad gateway</html>".utf8)))
    #expect(html.code == nil)
    #expect(html.description == "jobs get failed: <html>Bad gateway</html> (HTTP 502)")

    var exhausted = APIError(operation: "courses upsert", status: 503, code: "bulkAPIDisabled", message: "Disabled.")
    exhausted.attempts = 6
    #expect(exhausted.description.hasSuffix("(HTTP 503) after 6 attempts"))
  }

  @Test(
    "the next link is found and resolved",
    arguments: [
      (#"</api/v2/integrations?next=abc>; rel="next""#, "https://app.360learning.com/api/v2/integrations?next=abc"),
      (
        #"<https://app.360learning.com/api/v2/bulk/operations?next=x%2By>; rel="next""#,
        "https://app.360learning.com/api/v2/bulk/operations?next=x%2By"
      ),
      (#"<https://a.example/p?x=1,2>; rel="prev", </n?c=2>; rel="next""#, "https://app.360learning.com/n?c=2"),
      (#"</n>; rel="last next""#, "https://app.360learning.com/n"),
    ])
  func linkHeader(header: String, expected: String) {
    let base = URL(string: "https://app.360learning.com/api/v2/integrations?externalPlatform%5Beq%5D=p")!
    #expect(LinkHeader.next(in: header, relativeTo: base)?.absoluteString == expected)
  }

  @Test("no next link means the last page")
  func noNext() {
    let base = URL(string: "https://app.360learning.com/x")!
    #expect(LinkHeader.next(in: nil, relativeTo: base) == nil)
    #expect(LinkHeader.next(in: #"</p>; rel="prev""#, relativeTo: base) == nil)
  }

  @Test("expires_in is accepted as a number or a numeric string")
  func expiresIn() throws {
    let number = try TokenResponse.parse(Array(#"{"token_type":"Bearer","access_token":"t1","expires_in":3600}"#.utf8))
    #expect(number.token == "t1" && number.lifetime == .seconds(3600))
    let string = try TokenResponse.parse(
      Array(#"{"token_type":"Bearer","access_token":"t2","expires_in":"3600"}"#.utf8))
    #expect(string.lifetime == .seconds(3600))
    #expect(throws: UnexpectedResponseError.self) {
      try TokenResponse.parse(Array(#"{"access_token":"t3","expires_in":"soon"}"#.utf8))
    }
    #expect(throws: UnexpectedResponseError.self) {
      try TokenResponse.parse(Array(#"{"access_token":"t4","expires_in":"inf"}"#.utf8))
    }
    #expect(
      try TokenResponse.parse(Array(#"{"access_token":"t5","expires_in":1e16}"#.utf8)).lifetime == .seconds(86_400))
  }

  @Test("regions, loopback http, and refusal of clear-text http elsewhere")
  func serverAddresses() throws {
    #expect(ServerAddress.region("EU")?.baseURL.absoluteString == "https://app.360learning.com")
    #expect(ServerAddress.region("us")?.baseURL.absoluteString == "https://app.us.360learning.com")
    #expect(try ServerAddress(url: "http://127.0.0.1:8080/").baseURL.absoluteString == "http://127.0.0.1:8080")
    #expect(try ServerAddress(url: "http://localhost:1").name == "localhost")
    #expect(
      ServerAddress.isLoopback("127.0.0.1") && ServerAddress.isLoopback("127.1.2.3")
        && ServerAddress.isLoopback("[::1]"))
    #expect(!ServerAddress.isLoopback("127.evil.example") && !ServerAddress.isLoopback("1270.0.0.1"))
    let error = try #require(throws: ConfigurationError.self) { try ServerAddress(url: "http://app.360learning.com") }
    #expect(error.message.contains("refusing http:// to app.360learning.com"))
    #expect(throws: ConfigurationError.self) { try ServerAddress(url: "ftp://x") }
    #expect(throws: ConfigurationError.self) { try ServerAddress(url: "not a url") }
  }

  @Test("credentials never show the secret")
  func credentialsRedacted() {
    let credentials = Credentials(clientId: "id-1", clientSecret: "s3cr3t-value")
    #expect("\(credentials)" == "client_id=id-1 client_secret=***")
    #expect(!String(reflecting: credentials).contains("s3cr3t"))
  }

  @Test("query items are percent-encoded, brackets included")
  func queryEncoding() {
    #expect(
      V2Client.encodeQuery([("externalPlatform[eq]", "my platform&co")])
        == "externalPlatform%5Beq%5D=my%20platform%26co")
  }
}
