import L360Client
import L360JSON
import L360Schema

/// What `catalog add` and `catalog remove` share: their forms and how one content item is built.
enum CatalogChange {
  /// The spec's content types (V2Enums.catalogContentTypes), in the order help shows them.
  static let contentTypes = ["course", "path-session"]

  /// `course|path-session ID WORD GROUP`, `from FILE`, or an expression giving the items.
  static func forms(groupWord: String) -> [Form] {
    [
      Form(
        .value("type", .choice(CatalogChange.contentTypes)), .value("content", .id("content")), .word(groupWord),
        .value("group", .id("group"))),
      Form(.word("from"), .value("file", .inputFile)),
      Form(.value("items", .expression)),
    ]
  }

  /// Submits the change the arguments describe.
  static func submit(_ kind: BulkKind, _ arguments: Arguments, _ context: CommandContext) async throws -> Value {
    guard let type = try await arguments.text("type") else {
      return try await BulkInputArgument.submit(kind, arguments, file: "file", items: "items", context)
    }
    let item: JSONValue = [
      "groupId": .string(try await arguments.required("group")), "contentType": .string(type),
      "contentId": .string(try await arguments.required("content")),
    ]
    return try await context.bulk.submit(kind, [item], ItemOrigin(), context)
  }
}
