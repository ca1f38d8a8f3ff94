import L360Language
import Testing

@Suite("Secrets in a rendered source line are masked")
struct RedactionTests {
  @Test(
    "client-secret values and Bearer tokens become ***, with or without spaces around '='",
    arguments: [
      ("connect eu client-id=a client-secret=s3cret", "connect eu client-id=a client-secret=***"),
      ("connect eu client-id=a client-secret = s3cret", "connect eu client-id=a client-secret = ***"),
      ("connect eu client-secret=\"two words\" client-id=a", "connect eu client-secret=*** client-id=a"),
      ("request GET /x query={\"h\": \"Bearer abc.def\"}", "request GET /x query={\"h\": \"Bearer ***\"}"),
      ("print \"client-secrets are kept elsewhere\"", "print \"client-secrets are kept elsewhere\""),
    ])
  func masked(line: String, expected: String) {
    #expect(ScriptError.redacted(line) == expected)
  }
}
