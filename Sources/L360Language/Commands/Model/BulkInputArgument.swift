import L360Client
import L360JSON

/// The input of a bulk command: `from FILE` (streamed) or an expression that gives a list of items.
enum BulkInputArgument {
  /// Submits the items of slot `file` when given, else of slot `items`.
  static func submit(
    _ kind: BulkKind, _ arguments: Arguments, file: String, items: String? = nil, _ context: CommandContext
  ) async throws -> Value {
    if let name = try await arguments.text(file) {
      return try await context.bulk.submitFile(
        kind, name: name, path: context.resolvePath(name), range: arguments.range(file), context)
    }
    guard let items, let value = try await arguments.value(items) else {
      throw arguments.fail("\(context.declaration.name) needs 'from FILE' or a list of items")
    }
    switch value {
    case .list(let list): return try await context.bulk.submit(kind, list.map(\.json), ItemOrigin(), context)
    case .object: return try await context.bulk.submit(kind, [value.json], ItemOrigin(), context)
    default: throw arguments.fail("expected a list of items, not \(value.typeWithArticle)", at: items)
    }
  }
}
