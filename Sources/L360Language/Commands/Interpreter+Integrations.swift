import Foundation
import L360Client
import L360JSON
import OrderedCollections

extension Interpreter {
  /// The placeholder id a dry run gives to things it did not create.
  static let dryRunId = "000000000000000000000000"

  /// `connect sandbox | eu | us | URL [client-id=] [client-secret=]`.
  func connectCommand(_ invocation: CommandInvocation) async throws -> Value {
    guard invocation.positionals.count == 1 else { throw invocation.fail("connect takes one target") }
    let target = try await string(invocation.positionals[0], invocation, what: "the target")
    let id = try await keyString(invocation, "client-id")
    let secret = try await keyString(invocation, "client-secret")
    if (id == nil) != (secret == nil) { throw invocation.fail("give both client-id= and client-secret=, or neither") }
    if let secret { rememberSecret(secret) }
    let credentials = id.map { Credentials(clientId: $0, clientSecret: secret ?? "") }
    let connectTarget: ConnectTarget
    switch target {
    case "sandbox": connectTarget = .sandbox
    case "eu", "us": connectTarget = .server(ServerAddress.region(target)!)
    default: connectTarget = .server(try ServerAddress(url: target))
    }
    let connection = try await host.connect(connectTarget, credentials: credentials)
    use(connection)
    await connection.client.setBulkOperationsInFlight(options.concurrency)
    return .string("connected to \(connection.name) (\(connection.client.configuration.server.baseURL.absoluteString))")
  }

  func integrationFields(_ invocation: CommandInvocation) async throws -> JSONValue {
    var body: JSONValue = [:]
    if let v = try await keyString(invocation, "platform") { body["externalPlatform"] = .string(v) }
    if let a = invocation.keyed["group"] { body["groupId"] = .string(try await id(a, invocation, what: "group")) }
    if let a = invocation.keyed["author"] { body["authorId"] = .string(try await id(a, invocation, what: "author")) }
    if let v = try await keyString(invocation, "logo") { body["externalPlatformLogoUrl"] = .string(v) }
    if let v = try await keyString(invocation, "unicolor-logo") { body["externalPlatformUnicolorLogoUrl"] = .string(v) }
    if let v = try await keyBool(invocation, "completion") { body["defaultCompletion"] = .bool(v) }
    if let v = try await keyInt(invocation, "progress") { body["defaultProgress"] = .number(JSONNumber(v)) }
    if let v = try await keyBool(invocation, "propagate") { body["noGroupPropagation"] = .bool(!v) }
    return body
  }

  /// `integration create platform=P group=G author=A ...`.
  func integrationCreate(_ invocation: CommandInvocation) async throws -> Value {
    guard invocation.positionals.isEmpty else {
      throw invocation.fail("integration create takes only key=value arguments")
    }
    for required in ["platform", "group", "author"] where invocation.keyed[required] == nil {
      throw invocation.fail("integration create needs \(required)=")
    }
    let body = try await integrationFields(invocation)
    let draft = IntegrationDraft(
      externalPlatform: body["externalPlatform"]?.stringValue ?? "", groupId: body["groupId"]?.stringValue ?? "",
      authorId: body["authorId"]?.stringValue ?? "", logoUrl: body["externalPlatformLogoUrl"]?.stringValue,
      unicolorLogoUrl: body["externalPlatformUnicolorLogoUrl"]?.stringValue,
      defaultCompletion: body["defaultCompletion"]?.boolValue, defaultProgress: body["defaultProgress"]?.intValue,
      noGroupPropagation: body["noGroupPropagation"]?.boolValue)
    let client = try await client()
    if options.dryRun {
      try client.validateIntegrationDraft(draft)
      try await dryRunNote("POST", "/api/v2/integrations", JSONWriter.compact(draft.json))
      var placeholder = draft.json
      placeholder["_id"] = .string(Self.dryRunId)
      return Value(placeholder)
    }
    return Value(try await client.createIntegration(draft).json)
  }

  /// `integration list [platform=P]`.
  func integrationList(_ invocation: CommandInvocation) async throws -> Value {
    guard invocation.positionals.isEmpty else { throw invocation.fail("integration list takes only platform=") }
    let platform = try await keyString(invocation, "platform")
    if options.dryRun {
      try await dryRunNote("GET", "/api/v2/integrations", platform.map { "?externalPlatform[eq]=\($0)" } ?? "")
      return .list([])
    }
    return .list(try await client().listIntegrations(externalPlatform: platform).map { Value($0.json) })
  }

  /// `integration update ID key=value...`.
  func integrationUpdate(_ invocation: CommandInvocation) async throws -> Value {
    guard invocation.positionals.count == 1 else { throw invocation.fail("integration update takes one integration") }
    let integrationId = try await id(invocation.positionals[0], invocation, what: "the integration")
    let changes = try await integrationFields(invocation)
    guard changes.objectValue?.isEmpty == false else {
      throw invocation.fail("integration update needs at least one key=value")
    }
    if options.dryRun {
      try await dryRunNote("PATCH", "/api/v2/integrations/\(integrationId)", JSONWriter.compact(changes))
      var placeholder = changes
      placeholder["_id"] = .string(integrationId)
      return Value(placeholder)
    }
    return Value(try await client().updateIntegration(id: integrationId, changes: changes).json)
  }

  /// `integration delete ID`.
  func integrationDelete(_ invocation: CommandInvocation) async throws -> Value {
    guard invocation.positionals.count == 1 else { throw invocation.fail("integration delete takes one integration") }
    let integrationId = try await id(invocation.positionals[0], invocation, what: "the integration")
    if options.dryRun {
      try await dryRunNote("DELETE", "/api/v2/integrations/\(integrationId)", "")
      return .null
    }
    try await client().deleteIntegration(id: integrationId)
    return .string("deleted integration \(integrationId)")
  }

  /// `request METHOD PATH [body=] [query=]`.
  func requestCommand(_ invocation: CommandInvocation) async throws -> Value {
    guard invocation.positionals.count == 2 else { throw invocation.fail("request takes a method and a path") }
    let method = try await string(invocation.positionals[0], invocation, what: "the method").uppercased()
    guard ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) else {
      throw invocation.fail("the method must be GET, POST, PUT, PATCH or DELETE", invocation.positionals[0].value.range)
    }
    let path = try await string(invocation.positionals[1], invocation, what: "the path")
    var query: [(String, String)] = []
    if let argument = invocation.keyed["query"] {
      guard case .object(let members) = try await value(argument, invocation.source) else {
        throw invocation.fail("query= must be an object like {\"status[eq]\": \"running\"}", argument.value.range)
      }
      query = members.map { ($0.key, $0.value.displayText) }
    }
    let body = try await invocation.keyed["body"].asyncMap { try await value($0, invocation.source).json }
    if options.dryRun, method != "GET" {
      try await dryRunNote(method, path, body.map(JSONWriter.compact) ?? "")
      return .null
    }
    let response = try await client().rawRequest(method: method, path: path, query: query, body: body)
    var headers = OrderedDictionary<String, Value>()
    for (name, value) in response.headers { headers[name.lowercased()] = .string(value) }
    return .object([
      "status": .number(JSONNumber(response.status)), "headers": .object(headers), "body": Value(response.body),
    ])
  }
}

extension Optional {
  func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
    guard let self else { return nil }
    return try await transform(self)
  }
}
