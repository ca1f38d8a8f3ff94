import Foundation
import L360JSON
import OrderedCollections

/// The official OpenAPI specs from `../shared/spec`, when they are present next to the project.
///
/// Users clone the project alone, so every test that needs the specs is skipped without them
/// (`.enabled(if: OfficialSpec.isAvailable)`).
public struct OfficialSpec: Sendable {
  /// The bulk API document.
  public let bulk: JSONValue
  /// The core API document.
  public let core: JSONValue

  /// The folder holding the specs: `$L360_SPEC_DIR`, else `../shared/spec` beside the package.
  public static var directory: URL {
    if let dir = ProcessInfo.processInfo.environment["L360_SPEC_DIR"] { return URL(fileURLWithPath: dir) }
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/spec")
  }

  /// True when both spec files exist.
  public static var isAvailable: Bool {
    let fm = FileManager.default
    return fm.fileExists(atPath: directory.appendingPathComponent("360learning-bulk-api.json").path)
      && fm.fileExists(atPath: directory.appendingPathComponent("360learning-core-api.json").path)
  }

  /// Loads both documents.
  public static func load() throws -> OfficialSpec {
    func read(_ name: String) throws -> JSONValue {
      let data = try Data(contentsOf: directory.appendingPathComponent(name))
      return try JSONParser(maxDepth: 4096).parse(Array(data))
    }
    return OfficialSpec(bulk: try read("360learning-bulk-api.json"), core: try read("360learning-core-api.json"))
  }

  /// An operation of either document matched by method and concrete path.
  public struct Operation {
    /// The document it belongs to (for `$ref`s).
    public let document: JSONValue
    /// The path template ("/api/v2/integrations/{integrationId}").
    public let template: String
    /// The operation object.
    public let object: JSONValue
    /// Path parameter values taken from the concrete path.
    public let pathParameters: [String: String]
  }

  /// Finds the operation for `method` and a concrete `path`; nil when neither spec has it.
  public func operation(method: String, path: String) -> Operation? {
    let segments = path.split(separator: "/").map(String.init)
    for document in [bulk, core] {
      guard let paths = document["paths"]?.objectValue else { continue }
      for (template, item) in paths {
        guard let object = item[method.lowercased()] else { continue }
        let parts = template.split(separator: "/").map(String.init)
        guard parts.count == segments.count else { continue }
        var parameters: [String: String] = [:]
        var matched = true
        for (part, segment) in zip(parts, segments) {
          if let open = part.firstIndex(of: "{"), let close = part.firstIndex(of: "}") {
            let prefix = part[..<open]
            let suffix = part[part.index(after: close)...]
            guard segment.hasPrefix(prefix), segment.hasSuffix(suffix), segment.count > prefix.count + suffix.count
            else {
              matched = false
              break
            }
            let name = String(part[part.index(after: open)..<close])
            parameters[name] = String(segment.dropFirst(prefix.count).dropLast(suffix.count))
          } else if part != segment {
            matched = false
            break
          }
        }
        if matched {
          return Operation(document: document, template: template, object: object, pathParameters: parameters)
        }
      }
    }
    return nil
  }
}

/// Validates JSON against the JSON Schema subset the 360Learning specs use (`$ref`, type, properties, required, items, enum, pattern, minLength, minimum, maximum, maxItems, oneOf, anyOf, allOf).
///
/// Independent of l360's own `L360Schema`, so the two check each other.
public struct SpecSchemaValidator {
  let document: JSONValue

  /// Makes a validator that resolves `$ref`s in `document`.
  public init(document: JSONValue) { self.document = document }

  /// Every problem found, as "pointer: message".
  public func problems(_ value: JSONValue, _ schema: JSONValue, at pointer: String = "") -> [String] {
    if let ref = schema["$ref"]?.stringValue {
      return problems(value, resolve(ref), at: pointer)
    }
    var out: [String] = []
    if let all = schema["allOf"]?.arrayValue {
      for sub in all { out += problems(value, sub, at: pointer) }
    }
    if let any = schema["anyOf"]?.arrayValue, !any.contains(where: { problems(value, $0, at: pointer).isEmpty }) {
      out.append("\(pointer): matches none of anyOf")
    }
    if let one = schema["oneOf"]?.arrayValue {
      let count = one.count { problems(value, $0, at: pointer).isEmpty }
      if count != 1 { out.append("\(pointer): matches \(count) of oneOf, expected exactly 1") }
    }
    if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
      out.append("\(pointer): \(value) is not in enum")
    }
    switch schema["type"]?.stringValue {
    case "object"?:
      guard case .object(let members) = value else {
        return out + ["\(pointer): expected object, got \(value.kindName)"]
      }
      for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
        out.append("\(pointer)/\(name): required")
      }
      for (name, sub) in schema["properties"]?.objectValue ?? [:] {
        if let member = members[name] { out += problems(member, sub, at: "\(pointer)/\(name)") }
      }
    case "array"?:
      guard case .array(let elements) = value else {
        return out + ["\(pointer): expected array, got \(value.kindName)"]
      }
      if let max = schema["maxItems"]?.intValue, elements.count > max {
        out.append("\(pointer): more than \(max) items")
      }
      if let items = schema["items"] {
        for (i, element) in elements.enumerated() { out += problems(element, items, at: "\(pointer)/\(i)") }
      }
    case "string"?:
      guard case .string(let s) = value else { return out + ["\(pointer): expected string, got \(value.kindName)"] }
      if let min = schema["minLength"]?.intValue, s.count < min { out.append("\(pointer): shorter than \(min)") }
      if let pattern = schema["pattern"]?.stringValue, s.range(of: pattern, options: .regularExpression) == nil {
        out.append("\(pointer): \"\(s)\" does not match \(pattern)")
      }
    case "integer"?:
      guard case .number(let n) = value, n.intValue != nil else { return out + ["\(pointer): expected integer"] }
      out += range(n.doubleValue, schema, pointer)
    case "number"?:
      guard case .number(let n) = value else { return out + ["\(pointer): expected number, got \(value.kindName)"] }
      out += range(n.doubleValue, schema, pointer)
    case "boolean"?:
      if value.boolValue == nil { out.append("\(pointer): expected boolean") }
    default:
      break
    }
    return out
  }

  private func range(_ number: Double, _ schema: JSONValue, _ pointer: String) -> [String] {
    var out: [String] = []
    if let min = schema["minimum"]?.doubleValue, number < min { out.append("\(pointer): below \(min)") }
    if let max = schema["maximum"]?.doubleValue, number > max { out.append("\(pointer): above \(max)") }
    return out
  }

  /// Follows a local `$ref` such as `#/components/schemas/IntegrationDTO`.
  public func resolve(_ ref: String) -> JSONValue {
    var node = document
    for part in ref.dropFirst(2).split(separator: "/") {
      node =
        node[String(part).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")] ?? .null
    }
    return node
  }
}
