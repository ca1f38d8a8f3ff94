public import L360JSON
import OrderedCollections

/// An integration configuration (IntegrationDTO): the platform, group, author and defaults that external courses are imported under.
///
/// The full JSON is kept so unknown fields survive.
public struct Integration: Sendable, Equatable {
  /// The API's JSON for the integration, as received.
  public let json: JSONValue

  /// Wraps an IntegrationDTO; fails when `_id` is missing.
  ///
  /// A dry run's answer to an update holds only the fields it changes, so `externalPlatform` may be absent.
  public init(json: JSONValue) throws(UnexpectedResponseError) {
    guard json["_id"]?.stringValue != nil else {
      throw UnexpectedResponseError(operation: "integration", detail: "an integration without _id: \(json)")
    }
    self.json = json
  }

  /// `_id`: the integrationId used by the bulk course endpoints.
  public var id: String { json["_id"]?.stringValue ?? "" }
  /// `externalPlatform`: the platform's name, unique within the group.
  public var externalPlatform: String { json["externalPlatform"]?.stringValue ?? "" }
  /// `groupId`: the group whose catalog and library receive the courses.
  public var groupId: String? { json["groupId"]?.stringValue }
  /// `authorId`: the default author of imported courses.
  public var authorId: String? { json["authorId"]?.stringValue }
}

/// The fields of `POST /api/v2/integrations`, in the spec's names.
public struct IntegrationDraft: Sendable, Equatable {
  /// `externalPlatform` (required, unique within the group).
  public var externalPlatform: String
  /// `groupId` (required).
  public var groupId: String
  /// `authorId` (required).
  public var authorId: String
  /// `externalPlatformLogoUrl`.
  public var logoUrl: String?
  /// `externalPlatformUnicolorLogoUrl`.
  public var unicolorLogoUrl: String?
  /// `defaultCompletion`.
  public var defaultCompletion: Bool?
  /// `defaultProgress` (0 to 100).
  public var defaultProgress: Int?
  /// `noGroupPropagation`.
  public var noGroupPropagation: Bool?

  /// Makes a draft with the required fields.
  public init(
    externalPlatform: String, groupId: String, authorId: String, logoUrl: String? = nil,
    unicolorLogoUrl: String? = nil, defaultCompletion: Bool? = nil, defaultProgress: Int? = nil,
    noGroupPropagation: Bool? = nil
  ) {
    self.externalPlatform = externalPlatform
    self.groupId = groupId
    self.authorId = authorId
    self.logoUrl = logoUrl
    self.unicolorLogoUrl = unicolorLogoUrl
    self.defaultCompletion = defaultCompletion
    self.defaultProgress = defaultProgress
    self.noGroupPropagation = noGroupPropagation
  }

  /// The request body, with only the fields that are set (the API rejects empty strings).
  public var json: JSONValue {
    var body: JSONValue = [
      "externalPlatform": .string(externalPlatform), "groupId": .string(groupId), "authorId": .string(authorId),
    ]
    if let logoUrl { body["externalPlatformLogoUrl"] = .string(logoUrl) }
    if let unicolorLogoUrl { body["externalPlatformUnicolorLogoUrl"] = .string(unicolorLogoUrl) }
    if let defaultCompletion { body["defaultCompletion"] = .bool(defaultCompletion) }
    if let defaultProgress { body["defaultProgress"] = .number(JSONNumber(defaultProgress)) }
    if let noGroupPropagation { body["noGroupPropagation"] = .bool(noGroupPropagation) }
    return body
  }
}
