import L360JSON

/// The settings of an integration as keys, shared by `integration create` and `integration update`, and how each
/// becomes a field of the API's body.
enum IntegrationSettings {
  /// `platform=`, `group=`, `author=` (required by create) and the optional defaults.
  static func keys(required: Bool) -> [KeyDeclaration] {
    [
      KeyDeclaration(
        "platform", .text, "the external platform's name, unique in the group (externalPlatform)", required: required),
      KeyDeclaration(
        "group", .id("group"), "the group whose catalog and library receive the courses (groupId)", required: required),
      KeyDeclaration("author", .id("author"), "the default author of the courses (authorId)", required: required),
      KeyDeclaration("logo", .url, "an HTTPS logo URL (externalPlatformLogoUrl)"),
      KeyDeclaration("unicolor-logo", .url, "an HTTPS one-colour logo URL (externalPlatformUnicolorLogoUrl)"),
      KeyDeclaration("completion", .bool, "default completion of imported courses (defaultCompletion)"),
      KeyDeclaration("progress", .integer(0...100), "default progress, 0 to 100 (defaultProgress)"),
      KeyDeclaration("propagate", .bool, "share the courses with subgroups; false sends noGroupPropagation: true"),
    ]
  }

  /// The body fields of the keys given, in the API's names.
  static func fields(_ arguments: Arguments) async throws -> JSONValue {
    var body: JSONValue = [:]
    if let v = try await arguments.text("platform") { body["externalPlatform"] = .string(v) }
    if let v = try await arguments.text("group") { body["groupId"] = .string(v) }
    if let v = try await arguments.text("author") { body["authorId"] = .string(v) }
    if let v = try await arguments.text("logo") { body["externalPlatformLogoUrl"] = .string(v) }
    if let v = try await arguments.text("unicolor-logo") { body["externalPlatformUnicolorLogoUrl"] = .string(v) }
    if let v = try await arguments.bool("completion") { body["defaultCompletion"] = .bool(v) }
    if let v = try await arguments.int("progress") { body["defaultProgress"] = .number(JSONNumber(v)) }
    if let v = try await arguments.bool("propagate") { body["noGroupPropagation"] = .bool(!v) }
    return body
  }

  /// Statements that bind `$i` to a new integration on the sandbox, for examples.
  static let exampleSetup =
    "let i = integration create platform=myPlatform group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386"
}
