import Foundation
import L360JSON

/// `save EXPRESSION to FILE`: JSON Lines for `.jsonl`/`.ndjson`, CSV for `.csv`, JSON otherwise.
///
/// Per-item results (`{input, status, ...}`, such as `$job.errors`) are saved as their inputs, so
/// the file can be fixed and sent again with `courses upsert from FILE`.
struct SaveCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["save"], forms: [Form(.value("value", .expression), .word("to"), .value("file", .outputFile))], effect: .local,
    summary:
      "Write a value to a file in the format its extension names: JSON Lines (.jsonl, .ndjson), CSV (.csv, one object per row, dotted headers as l360 reads them) or JSON; job results are written as their inputs, so failed items can be fixed and sent again.",
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
    if lower.hasSuffix(".csv") {
      do {
        bytes = Array(try CSVWriter.text(items).utf8)
      } catch {
        throw ScriptError(
          "cannot save as CSV: \(error.message); save to .json or .jsonl instead", kind: .runtime,
          source: context.source, range: arguments.range("value"))
      }
    } else if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") {
      for item in items {
        JSONWriter.appendCompact(item, to: &bytes)
        bytes.append(0x0A)
      }
    } else {
      bytes = Array(
        (JSONWriter.pretty(value.json.arrayValue != nil ? .array(items) : items.first ?? .null) + "\n").utf8)
    }
    let what = plural(items.count, areResults ? "input" : "item")
    return .string(try context.write(bytes, to: path, named: name, at: arguments.range("file"), saying: "save \(what)"))
  }
}
