import Foundation
import L360JSON
import L360Schema

/// Turns v1 `deleteFromGroupCatalog` calls into v2 catalog removal items.
///
/// v1: `DELETE /api/v1/groups/:group_id/catalog` with form data `courses[0]=ID&pathSessions[1]=ID`,
/// one group per call. v2: one `DELETE /api/v2/bulk/groups/catalog` with up to 20,000
/// `{groupId, contentType, contentId}` items across groups.
public enum V1CatalogRemoval {
  /// The v2 items of one v1 call; throws a message naming the field for anything v2 cannot do.
  public static func items(group: String, form: String) throws(MigrationError) -> [JSONValue] {
    guard isObjectId(group) else { throw MigrationError("group \"\(group)\" is not a 24-character hexadecimal id") }
    var items: [JSONValue] = []
    for pair in form.split(whereSeparator: { $0 == "&" || $0 == "\n" }) {
      let parts = pair.split(separator: "=", maxSplits: 1).map {
        String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
      }
      guard parts.count == 2 else { throw MigrationError("\"\(pair)\" is not key=value form data") }
      let key = parts[0].trimmingCharacters(in: .whitespaces)
      let id = parts[1].trimmingCharacters(in: .whitespaces)
      let field = key.split(separator: "[").first.map(String.init) ?? key
      let contentType: String
      switch field {
      case "courses": contentType = "course"
      case "pathSessions": contentType = "path-session"
      case "programSessions":
        throw MigrationError(
          "\(key): program sessions cannot be removed in v2 (programs were retired; the v2 catalog holds only courses and path sessions)"
        )
      default:
        throw MigrationError("\(key): unknown v1 field (expected courses[i] or pathSessions[i])")
      }
      guard isObjectId(id) else { throw MigrationError("\(key): \"\(id)\" is not a 24-character hexadecimal id") }
      items.append(["groupId": .string(group), "contentType": .string(contentType), "contentId": .string(id)])
    }
    return items
  }

  /// The items of a file of v1 calls: one call a line, `GROUP_ID FORM` or
  /// `DELETE /api/v1/groups/GROUP_ID/catalog FORM`; `#` lines are comments.
  public static func items(callsFile text: String, name: String) throws(MigrationError) -> [JSONValue] {
    var items: [JSONValue] = []
    // Lines end in \n or \r\n (a file saved on Windows); words are separated by spaces or tabs.
    for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      if words.first == "DELETE" { words.removeFirst() }
      guard words.count >= 2 else { throw MigrationError("\(name):\(index + 1): expected GROUP_ID FORM-DATA") }
      var group = words[0]
      if let range = group.range(of: "/groups/") {
        group = String(group[range.upperBound...].prefix { $0 != "/" && $0 != "?" })
      }
      do {
        items += try self.items(group: group, form: words.dropFirst().joined(separator: "&"))
      } catch {
        throw MigrationError("\(name):\(index + 1): \(error.message)")
      }
    }
    return items
  }

  /// The items of a CSV `groupId,type,id` (type: course, path-session, or the v1 field names).
  public static func items(csvRows rows: [JSONValue], name: String, lines: [Int]?) throws(MigrationError) -> [JSONValue]
  {
    var items: [JSONValue] = []
    for (index, row) in rows.enumerated() {
      let line = lines?[index] ?? index + 2
      let group = row["groupId"]?.stringValue ?? ""
      let type = (row["type"] ?? row["contentType"])?.stringValue ?? ""
      let id = (row["id"] ?? row["contentId"])?.stringValue ?? ""
      let field: String
      switch type {
      case "course", "courses": field = "courses"
      case "path-session", "pathSessions", "pathSession": field = "pathSessions"
      case "programSessions", "program-session": field = "programSessions"
      default: throw MigrationError("\(name):\(line): type must be course or path-session, not \"\(type)\"")
      }
      do {
        items += try self.items(group: group, form: "\(field)[0]=\(id)")
      } catch {
        throw MigrationError("\(name):\(line): \(error.message)")
      }
    }
    return items
  }
}

/// A v1 input l360 cannot migrate, with what to fix.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
  /// The explanation.
  public let message: String
  /// Makes an error.
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
