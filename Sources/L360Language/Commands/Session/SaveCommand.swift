import Foundation
import L360JSON

/// `save EXPRESSION to FILE`: JSON Lines for `.jsonl`/`.ndjson`, JSON otherwise.
///
/// Per-item results (`{input, status, ...}`, such as `$job.errors`) are saved as their inputs, so
/// the file can be fixed and sent again with `courses upsert from FILE`.
struct SaveCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["save"], forms: [Form(.value("value", .expression), .word("to"), .value("file", .outputFile))], effect: .local,
    summary:
      "Write a value to a file: JSON Lines (.jsonl, .ndjson) or JSON; job results are written as their inputs, so failed items can be fixed and sent again.",
    example: "save $job.errors to failed.jsonl",
    setup: IntegrationSettings.exampleSetup
      + "\nlet job = courses upsert from courses.json into $i\nawait $job")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let value = try await arguments.value("value") ?? .null
    let name = try await arguments.required("file")
    let path = context.resolvePath(name)
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
    let what = plural(items.count, areResults ? "input" : "item")
    if context.options.dryRun {
      // A dry run changes no file: it says what a real run would write.
      return .string("dry-run: would save \(what) to \(name)")
    }
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      // A runtime failure (exit 1), not a usage error: the statements before it have run.
      throw ScriptError(
        "cannot write \(name): \(Self.reason(writing: path)); nothing was saved", kind: .runtime,
        source: context.source, range: arguments.range("file"))
    }
    return .string("saved \(what) to \(name)")
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
