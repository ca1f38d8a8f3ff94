import L360JSON
import L360Schema
import L360TestSupport
import OrderedCollections
import Testing

/// Checks that l360's transcribed schemas (L360Schema) say what the official spec says: the same
/// properties, required fields, enums, limits and ObjectId patterns.
@Suite(
  "Transcribed schemas match the official spec", .enabled(if: OfficialSpec.isAvailable, "../shared/spec is not present")
)
struct SchemaTranscriptionTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let bulk: Bool
    let path: String
    let method: String
    let schema: Schema
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "courses upsert", bulk: true, path: "/api/v2/bulk/integrations/{integrationId}/courses", method: "put",
      schema: V2Schemas.bulkBody(item: V2Schemas.externalCourse, maxItems: BulkLimits.upsertCourses)),
    Case(
      name: "courses archive", bulk: true, path: "/api/v2/bulk/integrations/{integrationId}/courses", method: "delete",
      schema: V2Schemas.bulkBody(item: V2Schemas.archiveItem, maxItems: BulkLimits.archiveCourses)),
    Case(
      name: "catalog add", bulk: true, path: "/api/v2/bulk/groups/catalog", method: "post",
      schema: V2Schemas.bulkBody(item: V2Schemas.catalogItem, maxItems: BulkLimits.catalog)),
    Case(
      name: "catalog remove", bulk: true, path: "/api/v2/bulk/groups/catalog", method: "delete",
      schema: V2Schemas.bulkBody(item: V2Schemas.catalogItem, maxItems: BulkLimits.catalog)),
    Case(
      name: "library add", bulk: true, path: "/api/v2/bulk/groups/library", method: "post",
      schema: V2Schemas.bulkBody(item: V2Schemas.libraryItem, maxItems: BulkLimits.library)),
    Case(
      name: "library remove", bulk: true, path: "/api/v2/bulk/groups/library", method: "delete",
      schema: V2Schemas.bulkBody(item: V2Schemas.libraryItem, maxItems: BulkLimits.library)),
    Case(
      name: "memberships add", bulk: true, path: "/api/v2/bulk/groups/memberships", method: "post",
      schema: V2Schemas.bulkBody(item: V2Schemas.membershipItem, maxItems: BulkLimits.memberships)),
    Case(
      name: "memberships remove", bulk: true, path: "/api/v2/bulk/groups/memberships", method: "delete",
      schema: V2Schemas.bulkBody(item: V2Schemas.membershipItem, maxItems: BulkLimits.memberships)),
    Case(
      name: "statistics import", bulk: true, path: "/api/v2/bulk/integrations/{integrationId}/stats",
      method: "post", schema: V2Schemas.bulkBody(item: V2Schemas.externalStatistic, maxItems: BulkLimits.statistics)),
    Case(
      name: "integration create", bulk: false, path: "/api/v2/integrations", method: "post",
      schema: V2Schemas.integrationCreate),
    Case(
      name: "integration update", bulk: false, path: "/api/v2/integrations/{integrationId}", method: "patch",
      schema: V2Schemas.integrationUpdate),
    Case(name: "token", bulk: false, path: "/api/v2/oauth2/token", method: "post", schema: V2Schemas.tokenRequest),
  ]

  @Test("request body schema", arguments: cases)
  func matches(testCase: Case) throws {
    let spec = try OfficialSpec.load()
    let document = testCase.bulk ? spec.bulk : spec.core
    let official = try #require(
      document["paths"]?[testCase.path]?[testCase.method]?["requestBody"]?["content"]?["application/json"]?["schema"])
    var differences: [String] = []
    compare(testCase.schema, official, document, "", &differences)
    #expect(differences.isEmpty, "\(testCase.name): \(differences)")
  }

  /// Resolves `$ref` and single-element `allOf`.
  func resolved(_ node: JSONValue, _ document: JSONValue) -> JSONValue {
    if let ref = node["$ref"]?.stringValue {
      return resolved(SpecSchemaValidator(document: document).resolve(ref), document)
    }
    if let all = node["allOf"]?.arrayValue, all.count == 1, let only = all.first { return resolved(only, document) }
    return node
  }

  func compare(_ ours: Schema, _ node: JSONValue, _ document: JSONValue, _ at: String, _ out: inout [String]) {
    let theirs = resolved(node, document)
    switch ours {
    case .object(let properties, let required):
      let official = theirs["properties"]?.objectValue ?? [:]
      let ourNames = properties.map(\.0)
      if Set(ourNames) != Set(official.keys) {
        out.append("\(at): properties \(ourNames.sorted()) vs spec \(official.keys.sorted())")
      }
      let officialRequired = Set(theirs["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
      if required != officialRequired {
        out.append("\(at): required \(required.sorted()) vs spec \(officialRequired.sorted())")
      }
      for (name, schema) in properties {
        if let sub = official[name] { compare(schema, sub, document, "\(at)/\(name)", &out) }
      }
    case .array(let items, let maxItems):
      if theirs["type"]?.stringValue != "array" { out.append("\(at): array vs spec \(theirs["type"] ?? "none")") }
      if maxItems != theirs["maxItems"]?.intValue {
        out.append("\(at): maxItems \(String(describing: maxItems)) vs spec")
      }
      if let sub = theirs["items"] { compare(items, sub, document, "\(at)/items", &out) }
    case .string(let rule):
      if theirs["type"]?.stringValue != "string" { out.append("\(at): string vs spec \(theirs["type"] ?? "none")") }
      if rule.minLength != theirs["minLength"]?.intValue { out.append("\(at): minLength differs") }
      let officialEnum = theirs["enum"]?.arrayValue?.compactMap(\.stringValue)
      if let allowed = rule.allowed {
        if Set(allowed) != Set(officialEnum ?? []) { out.append("\(at): enum differs from spec") }
      } else if officialEnum != nil {
        out.append("\(at): spec has an enum we do not check")
      }
      let isObjectIdPattern = theirs["pattern"]?.stringValue == "^[a-fA-F0-9]{24}$"
      if rule.objectId != isObjectIdPattern { out.append("\(at): ObjectId pattern differs") }
      if rule.dateTime != (theirs["format"]?.stringValue == "date-time") { out.append("\(at): date-time differs") }
    case .integer(let minimum, let maximum):
      if theirs["type"]?.stringValue != "integer" { out.append("\(at): integer vs spec \(theirs["type"] ?? "none")") }
      if minimum != theirs["minimum"]?.intValue || maximum != theirs["maximum"]?.intValue {
        out.append("\(at): range differs")
      }
    case .number(let minimum, let maximum):
      if theirs["type"]?.stringValue != "number" { out.append("\(at): number vs spec") }
      if minimum != theirs["minimum"]?.doubleValue || maximum != theirs["maximum"]?.doubleValue {
        out.append("\(at): range differs")
      }
    case .boolean:
      if theirs["type"]?.stringValue != "boolean" { out.append("\(at): boolean vs spec") }
    case .any:
      break
    }
  }
}
