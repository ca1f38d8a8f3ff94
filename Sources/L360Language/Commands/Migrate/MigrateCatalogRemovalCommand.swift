import Foundation
import L360Client
import L360JSON

/// `migrate catalog-removal group=G form=...` or `migrate catalog-removal from FILE`: v1 deleteFromGroupCatalog
/// calls turned into one v2 bulk removal.
struct MigrateCatalogRemovalCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["migrate", "catalog-removal"], forms: [Form(), Form(.word("from"), .value("file", .inputFile))],
    keys: [
      KeyDeclaration("group", .id("group"), "the v1 :group_id (with form=)"),
      KeyDeclaration("form", .text, "the v1 form data, like \"courses[0]=ID&pathSessions[1]=ID\" (with group=)"),
    ],
    effect: .destructive,
    summary:
      "Turn v1 deleteFromGroupCatalog calls (form data, a file of calls, or a CSV groupId,type,id) into one v2 bulk removal; returns the job.",
    example: "migrate catalog-removal from v1-catalog-calls.txt")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let items: [JSONValue]
    do {
      items = try await read(arguments, context)
    } catch let error as MigrationError {
      throw ScriptError(
        "migrate catalog-removal: \(error.message); nothing was sent", kind: .usage, source: context.source,
        range: context.range)
    } catch let error as ReadError {
      throw ScriptError(
        "\(error.description); nothing was sent", kind: .usage, source: context.source, range: context.range)
    }
    let groups = Set(items.compactMap { $0["groupId"]?.stringValue })
    context.narrate(
      "mapping: \(plural(items.count, "v1 item")) from \(plural(groups.count, "group")) -> one DELETE /api/v2/bulk/groups/catalog"
    )
    return try await context.bulk.submit(.catalogRemove, items, ItemOrigin(), context)
  }

  /// The v2 items of the calls given: form data for one group, or a file of calls, or a CSV.
  static func read(_ arguments: Arguments, _ context: CommandContext) async throws -> [JSONValue] {
    let form = try await arguments.text("form")
    let group = try await arguments.text("group")
    guard let name = try await arguments.text("file") else {
      guard let form, let group else {
        throw arguments.fail("migrate catalog-removal takes group= with form=, or 'from FILE'")
      }
      return try V1CatalogRemoval.items(group: group, form: form)
    }
    if form != nil || group != nil {
      throw arguments.fail("give 'from FILE', or group= with form=, not both", at: form != nil ? "form" : "group")
    }
    let path = context.resolvePath(name)
    if name.lowercased().hasSuffix(".csv") {
      let read = try ItemReader.read(path: path)
      return try V1CatalogRemoval.items(csvRows: read.items, name: name, lines: read.lines)
    }
    guard let data = FileManager.default.contents(atPath: path) else { throw ReadError("no such file: \(name)") }
    return try V1CatalogRemoval.items(callsFile: String(decoding: data, as: UTF8.self), name: name)
  }
}
