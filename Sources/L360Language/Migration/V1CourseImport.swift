import L360JSON
import L360Schema
import OrderedCollections

/// Turns the body of a v1 `importExternalCourses` call into the two v2 steps: the integration
/// configuration and the course inputs, listing every mapping decision it makes.
///
/// v1: `POST /api/v1/externalContents/groups/:groupId/externalPlatforms/:externalPlatform/courses`
/// with `{authorId, externalPlatformLogoUrl, externalCourses: [...]}`.
/// v2: `POST /api/v2/integrations` once, then `PUT /api/v2/bulk/integrations/{id}/courses`.
public struct V1CourseImport: Sendable {
  /// `POST /api/v2/integrations` body fields (externalPlatform, groupId, authorId, logo).
  public var integration: JSONValue
  /// The v2 course inputs, in the v1 order.
  public var courses: [JSONValue]
  /// Every mapping decision, for the user to read ("title -> name (3 courses)").
  public var decisions: [String]
  /// Warnings: fields dropped or guessed.
  public var warnings: [String]
  /// Problems that stop the migration (nothing is sent).
  public var errors: [String]

  /// Converts a v1 body for `group` and `platform` (the v1 path parameters).
  public static func convert(_ body: JSONValue, group: String, platform: String) -> V1CourseImport {
    var result = V1CourseImport(integration: [:], courses: [], decisions: [], warnings: [], errors: [])
    guard case .object = body else {
      result.errors.append("the v1 body must be a JSON object with authorId and externalCourses")
      return result
    }
    let authorId = body["authorId"]?.stringValue
    if authorId == nil {
      result.errors.append("authorId: required in the v1 body (it becomes the integration's authorId)")
    }
    var integration: JSONValue = [
      "externalPlatform": .string(platform), "groupId": .string(group), "authorId": .string(authorId ?? ""),
    ]
    result.decisions.append("path :externalPlatform -> integration externalPlatform \"\(platform)\"")
    result.decisions.append("path :groupId -> integration groupId \(group)")
    result.decisions.append("authorId -> integration authorId (the default author of every course)")
    if let logo = body["externalPlatformLogoUrl"]?.stringValue, !logo.isEmpty {
      integration["externalPlatformLogoUrl"] = .string(logo)
      result.decisions.append("externalPlatformLogoUrl -> integration externalPlatformLogoUrl")
    }
    result.integration = integration
    guard case .array(let v1Courses)? = body["externalCourses"] else {
      result.errors.append("externalCourses: required, an array of courses (it becomes the v2 input)")
      return result
    }
    result.decisions.append("externalCourses -> input of PUT /api/v2/bulk/integrations/{integrationId}/courses")
    if v1Courses.isEmpty {
      result.errors.append("externalCourses: empty; there is nothing to import (and no integration is created)")
    }

    var counts: OrderedDictionary<String, Int> = [:]
    for (index, v1) in v1Courses.enumerated() {
      guard case .object(let fields) = v1 else {
        result.errors.append("externalCourses[\(index)]: must be an object")
        continue
      }
      let label = "externalCourses[\(index)]" + (fields["externalId"]?.stringValue.map { " (\($0))" } ?? "")
      var course: JSONValue = [:]
      for (key, value) in fields {
        switch key {
        case "externalId", "launchUrl", "mobileLaunchUrl", "description", "difficultyLevel", "contentType":
          if case .string(let s) = value, s.isEmpty { continue }  // v2 rejects empty strings: leave them out
          course[key] = value
        case "title":
          course["name"] = value
          counts["title -> name", default: 0] += 1
        case "thumbnailUrl":
          if case .string(let s) = value, s.isEmpty { continue }
          course["imageUrl"] = value
          counts["thumbnailUrl -> imageUrl", default: 0] += 1
        case "language":
          guard let code = value.stringValue else {
            result.errors.append("\(label): language must be a string")
            continue
          }
          switch LanguageCodes.normalise(code) {
          case .exact(let v2):
            course["defaultLang"] = .string(v2)
            counts[v2 == code ? "language -> defaultLang" : "language -> defaultLang (\(code) -> \(v2))", default: 0] +=
              1
          case .approximate(let v2):
            course["defaultLang"] = .string(v2)
            result.warnings.append("\(label): language \"\(code)\" has no v2 code; used \"\(v2)\"")
          case .unknown:
            result.errors.append(
              "\(label): language \"\(code)\" is not a v2 language (for example: en, fr, pt_BR, zh_tw)")
          }
        case "courseDuration":
          guard let minutes = value.doubleValue, minutes > 0, minutes.isFinite else {
            result.errors.append("\(label): courseDuration must be a positive number of minutes")
            continue
          }
          let whole = max(1, Int(min(minutes, 100_000).rounded()))
          course["duration"] = .number(JSONNumber(whole))
          if minutes > 100_000 {
            result.warnings.append(
              "\(label): courseDuration \(value.numberValue?.text ?? "") is over v2's maximum duration; sent as 100000 minutes"
            )
          }
          counts[
            Double(whole) == minutes
              ? "courseDuration -> duration" : "courseDuration -> duration (rounded to whole minutes)", default: 0] += 1
        case "authors":
          // v1 documents an array of names; a single name as a string is read as one author.
          let names: [String]
          switch value {
          case .array(let elements) where elements.allSatisfy({ $0.stringValue != nil }):
            names = elements.compactMap(\.stringValue).filter { !$0.isEmpty }
          case .string(let name): names = name.isEmpty ? [] : [name]
          default:
            result.errors.append("\(label): authors must be an array of names")
            continue
          }
          course["sources"] = .array(names.map { ["name": .string($0)] })
          result.warnings.append(
            names.isEmpty
              ? "\(label): authors is empty; sources is []"
              : "\(label): authors -> sources[].name is a guess (v2 has no authors field)")
        case "skills":
          result.warnings.append("\(label): skills dropped (v2 external courses have no skills)")
        case "alternativeLanguages":
          result.warnings.append(
            "\(label): alternativeLanguages not migrated: v2 translations need translated fields (translations[].translatedFields)"
          )
        default:
          result.warnings.append("\(label): \(key) has no v2 equivalent; dropped")
        }
      }
      if course["subjects"] == nil {
        course["subjects"] = []
        counts["subjects (new, required) -> []", default: 0] += 1
      }
      if course["sources"] == nil {
        course["sources"] = []
        counts["sources (new, required) -> []", default: 0] += 1
      }
      result.courses.append(course)
    }
    for (decision, count) in counts { result.decisions.append("\(decision) (\(plural(count, "course")))") }
    return result
  }
}

/// v1 language codes to the v2 `defaultLang` enum.
public enum LanguageCodes {
  /// How a code maps.
  public enum Match: Equatable, Sendable {
    /// The same language in v2's spelling (`pt-BR` -> `pt_BR`, `EN` -> `en`).
    case exact(String)
    /// Only the base language exists in v2 (`en-US` -> `en`): a warning.
    case approximate(String)
    /// No v2 language.
    case unknown
  }

  /// Normalises `code` to the v2 enum.
  public static func normalise(_ code: String) -> Match {
    let candidate = code.trimmingSpaces().replacingOccurrences(of: "-", with: "_")
    if let found = V2Enums.languages.first(where: { $0.lowercased() == candidate.lowercased() }) {
      return .exact(found)
    }
    if let base = candidate.split(separator: "_").first,
      let found = V2Enums.languages.first(where: { $0.lowercased() == base.lowercased() })
    {
      return .approximate(found)
    }
    return .unknown
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    var s = Substring(self)
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    return String(s)
  }

  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
