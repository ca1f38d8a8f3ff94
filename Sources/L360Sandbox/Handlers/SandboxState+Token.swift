import Foundation
import L360JSON

extension SandboxState {
  /// `POST /api/v2/oauth2/token` (client credentials, JSON body).
  func token(_ request: SandboxRequest) -> SandboxResponse {
    guard let body = parseBody(request), case .object = body,
      let grantType = body["grant_type"]?.stringValue,
      let clientId = body["client_id"]?.stringValue,
      let clientSecret = body["client_secret"]?.stringValue
    else {
      return .bareError(400, "invalid_request")
    }
    guard grantType == "client_credentials" else { return .bareError(400, "unsupported_grant_type") }
    guard clientId == configuration.clientId, clientSecret == configuration.clientSecret else {
      return .bareError(401, "invalid_client")
    }
    if let userId = body["user_id"]?.stringValue, !users.contains(userId) {
      return .bareError(400, "non_existing_user")
    }
    let token = "sbxat_" + ids.next() + String(random.next(), radix: 36)
    let seconds =
      Double(configuration.tokenLifetime.components.seconds)
      + Double(configuration.tokenLifetime.components.attoseconds) / 1e18
    tokens[token] = now().addingTimeInterval(seconds)
    let wholeSeconds = max(1, Int(seconds.rounded()))
    let expiresIn: JSONValue =
      configuration.expiresInAsString ? .string(String(wholeSeconds)) : .number(JSONNumber(wholeSeconds))
    return .json(200, ["token_type": "Bearer", "access_token": .string(token), "expires_in": expiresIn])
  }
}
