/// Request-body schemas of the v2 operations l360 uses, transcribed from the official specs.
///
/// Each item schema lists properties in spec order so that error messages and completions follow it.
public enum V2Schemas {
  /// One element of `PUT /api/v2/bulk/integrations/{integrationId}/courses` `input` (ExternalCourseInput).
  public static let externalCourse: Schema = .object(
    properties: [
      ("defaultLang", .oneOf(V2Enums.languages)),
      ("externalId", .nonEmptyString),
      ("launchUrl", .nonEmptyString),
      ("name", .nonEmptyString),
      ("sources", .array(items: source)),
      ("subjects", .array(items: .nonEmptyString)),
      ("contentType", .oneOf(V2Enums.externalContentTypes)),
      ("description", .nonEmptyString),
      ("difficultyLevel", .oneOf(V2Enums.difficultyLevels)),
      ("duration", .integer(minimum: 1, maximum: 100_000)),
      ("imageUrl", .nonEmptyString),
      ("mobileLaunchUrl", .nonEmptyString),
      ("authorId", .objectId),
      ("translations", .array(items: translation)),
    ],
    required: ["defaultLang", "externalId", "launchUrl", "name", "sources", "subjects"]
  )

  /// `sources[]` of an external course.
  public static let source: Schema = .object(
    properties: [("name", .nonEmptyString), ("logoUrl", .nonEmptyString)],
    required: ["name"]
  )

  /// `translations[]` of an external course.
  public static let translation: Schema = .object(
    properties: [
      ("lang", .oneOf(V2Enums.languages)),
      (
        "translatedFields",
        .object(
          properties: [
            ("description", .nonEmptyString),
            ("launchUrl", .nonEmptyString),
            ("mobileLaunchUrl", .nonEmptyString),
            ("name", .nonEmptyString),
            ("subjects", .array(items: .nonEmptyString)),
          ],
          required: []
        )
      ),
    ],
    required: ["lang", "translatedFields"]
  )

  /// One element of `DELETE /api/v2/bulk/integrations/{integrationId}/courses` `input`.
  public static let archiveItem: Schema = .object(
    properties: [("externalId", .nonEmptyString)], required: ["externalId"])

  /// One element of `POST` / `DELETE /api/v2/bulk/groups/catalog` `input`.
  public static let catalogItem: Schema = .object(
    properties: [
      ("groupId", .objectId),
      ("contentType", .oneOf(V2Enums.catalogContentTypes)),
      ("contentId", .objectId),
    ],
    required: ["groupId", "contentType", "contentId"]
  )

  /// One element of `POST` / `DELETE /api/v2/bulk/groups/library` `input`.
  public static let libraryItem: Schema = .object(
    properties: [
      ("groupId", .objectId),
      ("contentType", .oneOf(V2Enums.libraryContentTypes)),
      ("contentId", .objectId),
    ],
    required: ["groupId", "contentType", "contentId"]
  )

  /// One element of `POST` / `DELETE /api/v2/bulk/groups/memberships` `input`.
  public static let membershipItem: Schema = .object(
    properties: [("userId", .objectId), ("groupId", .objectId), ("role", .oneOf(V2Enums.groupRoles))],
    required: ["userId", "groupId", "role"]
  )

  /// One element of `POST /api/v2/bulk/integrations/{integrationId}/stats` `input`: one learner's activity on one
  /// course of the integration.
  public static let externalStatistic: Schema = .object(
    properties: [
      (
        "courseIdentifier",
        .object(
          properties: [("type", .oneOf(["externalId", "internalId"])), ("value", .nonEmptyString)],
          required: ["type", "value"])
      ),
      ("forceNew", .boolean),
      (
        "userIdentifier",
        .object(
          properties: [("type", .oneOf(["mail", "internalId"])), ("value", .nonEmptyString)],
          required: ["type", "value"])
      ),
      ("lang", .oneOf(V2Enums.languages)),
      ("progress", .number(minimum: 0, maximum: 100)),
      ("score", .number(minimum: 0, maximum: 100)),
      ("result", .oneOf(["success", "failed"])),
      ("timeSpent", .number(minimum: 1)),
      ("firstActivityAt", .dateTime),
      ("lastActivityAt", .dateTime),
    ],
    required: ["courseIdentifier", "userIdentifier", "progress", "timeSpent", "firstActivityAt", "lastActivityAt"]
  )

  /// The body of `POST /api/v2/integrations`.
  public static let integrationCreate: Schema = .object(
    properties: integrationProperties, required: ["externalPlatform", "authorId", "groupId"])

  /// The body of `PATCH /api/v2/integrations/{integrationId}` (every field optional).
  public static let integrationUpdate: Schema = .object(properties: integrationProperties, required: [])

  static let integrationProperties: [(String, Schema)] = [
    ("defaultCompletion", .boolean),
    ("defaultProgress", .integer(minimum: 0, maximum: 100)),
    ("noGroupPropagation", .boolean),
    ("externalPlatformLogoUrl", .string()),
    ("externalPlatformUnicolorLogoUrl", .string()),
    ("externalPlatform", .nonEmptyString),
    ("authorId", .objectId),
    ("groupId", .objectId),
  ]

  /// The body of `POST /api/v2/oauth2/token`.
  public static let tokenRequest: Schema = .object(
    properties: [
      ("grant_type", .oneOf(["client_credentials"])),
      ("client_id", .string()),
      ("client_secret", .string()),
      ("user_id", .objectId),
      ("company_id", .objectId),
    ],
    required: ["grant_type", "client_id", "client_secret"]
  )

  /// A bulk body `{"input": [ITEM, ...]}` with at most `maxItems` items.
  public static func bulkBody(item: Schema, maxItems: Int) -> Schema {
    .object(properties: [("input", .array(items: item, maxItems: maxItems))], required: ["input"])
  }
}
