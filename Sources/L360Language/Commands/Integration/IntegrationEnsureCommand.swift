import L360Client
import L360JSON
import OrderedCollections

/// `integration ensure platform=P group=G author=A [...]`: the integration of a platform in a group, made to match
/// the settings given, whatever state it was in: the step 1 a nightly script can run every time.
struct IntegrationEnsureCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["integration", "ensure"], forms: [Form()], keys: IntegrationSettings.keys(required: true), effect: .writes,
    summary:
      "Find the integration of this platform in this group (every page), create it when missing, update the settings given that differ; returns it with action = created, updated or unchanged.",
    example:
      "let i = integration ensure platform=nightly group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386 progress=0"
  )

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let wanted = try await IntegrationSettings.fields(arguments)
    let platform = wanted["externalPlatform"]?.stringValue ?? ""
    let group = wanted["groupId"]?.stringValue ?? ""
    let client = try await context.client()
    guard let existing = try await client.findIntegration(externalPlatform: platform, groupId: group) else {
      let created = try await IntegrationCreateCommand.create(wanted, client)
      context.narrate("integration ensure: \(context.outcome("create the integration of \(platform) in \(group)"))")
      return with(action: "created", created.json)
    }
    // Only what differs is sent, so a run that changes nothing writes nothing.
    var changes = OrderedDictionary<String, JSONValue>()
    for (field, value) in wanted.objectValue ?? [:] where existing.json[field] != value { changes[field] = value }
    guard !changes.isEmpty else { return with(action: "unchanged", existing.json) }
    context.narrate(
      "integration ensure: \(context.outcome("update \(changes.keys.joined(separator: ", ")) of \(existing.id)"))")
    let updated = try await client.updateIntegration(id: existing.id, changes: .object(changes))
    var merged = existing.json
    for (field, value) in updated.json.objectValue ?? [:] { merged[field] = value }
    return with(action: "updated", merged)
  }

  static func with(action: String, _ json: JSONValue) -> Value {
    var value = json
    value["action"] = .string(action)
    return Value(value)
  }
}
