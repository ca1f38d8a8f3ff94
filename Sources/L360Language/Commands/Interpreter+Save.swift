import Foundation
import L360JSON

extension Interpreter {
  /// `save EXPRESSION to FILE`: JSON Lines for `.jsonl`/`.ndjson`, JSON otherwise.
  ///
  /// Per-item results (`{input, status, ...}`, such as `$job.errors`) are saved as their inputs, so
  /// the file can be fixed and sent again with `courses upsert from FILE`.
  func saveCommand(_ invocation: CommandInvocation) async throws -> Value {
    let p = invocation.positionals
    guard p.count == 3, invocation.isWord(1, "to") else { throw invocation.fail("save takes EXPRESSION to FILE") }
    let value = try await evaluate(p[0].value, invocation.source)
    let name = try await string(p[2], invocation, what: "the file")
    let path = resolvePath(name, relativeTo: invocation.source)
    var items: [JSONValue]
    switch value.json {
    case .array(let elements): items = elements
    case let other: items = [other]
    }
    let areResults = !items.isEmpty && items.allSatisfy { $0["input"] != nil && $0["status"] != nil }
    if areResults { items = items.map { $0["input"] ?? .null } }
    var bytes: [UInt8] = []
    let lower = name.lowercased()
    if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") {
      for item in items {
        JSONWriter.appendCompact(item, to: &bytes)
        bytes.append(0x0A)
      }
    } else {
      bytes = Array(
        (JSONWriter.pretty(value.json.arrayValue != nil ? .array(items) : items.first ?? .null) + "\n").utf8)
    }
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      // A runtime failure (exit 1), not a usage error: the statements before it have run.
      throw ScriptError(
        "cannot write \(name): \(Self.reason(writing: path)); nothing was saved", kind: .runtime,
        source: invocation.source, range: p[2].value.range)
    }
    return .string("saved \(plural(items.count, areResults ? "input" : "item")) to \(name)")
  }

  /// Why `path` cannot be written, in words: the folder is missing, is not a folder, or is not writable.
  static func reason(writing path: String) -> String {
    let folder = (path as NSString).deletingLastPathComponent
    var isFolder: ObjCBool = false
    if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
      return "the folder \(folder) does not exist"
    }
    if !folder.isEmpty && !isFolder.boolValue { return "\(folder) is not a folder" }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      return "it is a folder"
    }
    return "permission denied"
  }
}
