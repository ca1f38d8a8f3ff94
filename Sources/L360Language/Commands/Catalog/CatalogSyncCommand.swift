import L360Client
import L360JSON
import OrderedCollections

/// `catalog sync course|path-session from FILE in GROUP [remove-missing=true]`: makes a group's catalog list what
/// the file lists, reading the catalog first so that only the difference is sent.
struct CatalogSyncCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["catalog", "sync"],
    forms: [
      Form(
        .value("type", .choice(CatalogChange.contentTypes)), .word("from"), .value("file", .inputFile), .word("in"),
        .value("group", .id("group")))
    ],
    keys: [KeyDeclaration("remove-missing", .bool, "remove from the catalog what the file does not list")],
    effect: .destructive,
    summary:
      "Add to a group's catalog the content ids the file lists and it lacks (reads GET /api/v2/groups/{id}/catalog/{type}-ids, every page), and with remove-missing=true remove the others; returns a job.",
    example: "let job = catalog sync course from catalog-ids.json in 5ae6f360c3b99d7884975380\nawait $job")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let type = try await arguments.required("type")
    let group = try await arguments.required("group")
    let name = try await arguments.required("file")
    let removeMissing = try await arguments.bool("remove-missing") ?? false
    let wanted: [String]
    do {
      wanted = try Self.contentIds(ItemReader.read(path: context.resolvePath(name)), name: name)
    } catch {
      throw ScriptError(
        "\(error); nothing was sent", kind: .usage, source: context.source, range: arguments.range("file"))
    }
    let current = Set(try await context.client().catalogContentIds(groupId: group, contentType: type))
    let wantedSet = Set(wanted)
    var seen = Set<String>()
    let adding = wanted.filter { !current.contains($0) && seen.insert($0).inserted }
    let removing = removeMissing ? current.filter { !wantedSet.contains($0) }.sorted() : []
    let unchanged = wantedSet.count - adding.count
    context.narrate(
      "catalog sync: \(adding.count) to add, \(unchanged) already in the catalog, "
        + (removeMissing
          ? "\(removing.count) to remove" : "\(current.subtracting(wantedSet).count) not in the file (kept)"))
    func item(_ id: String) -> JSONValue {
      ["groupId": .string(group), "contentType": .string(type), "contentId": .string(id)]
    }
    // The removals come after the additions: the question about them is asked before anything is sent.
    if !removing.isEmpty {
      try await context.authorizeDestructive(count: removing.count, what: BulkKind.catalogRemove.operationName)
    }
    let dryRun = context.options.dryRun
    var added = Job(type: BulkKind.catalogAdd.operationType, total: 0, handles: [], dryRun: dryRun)
    if !adding.isEmpty,
      case .job(let job) = try await context.bulk.submit(
        .catalogAdd, adding.map(item), ItemOrigin(file: name), context)
    {
      added = job
    }
    var removed = Job(type: BulkKind.catalogRemove.operationType, total: 0, handles: [], dryRun: dryRun)
    if !removing.isEmpty,
      case .job(let job) = try await context.bulk.submit(
        .catalogRemove, removing.map(item), ItemOrigin(), context)
    {
      removed = job
    }
    return .job(
      Job(
        composite: "catalog sync", parts: [("added", added), ("removed", removed)], counts: ["unchanged": unchanged],
        dryRun: dryRun))
  }

  /// The ids a file lists: strings, or objects with `contentId` (or `id`); JSON, JSON Lines or CSV.
  static func contentIds(_ read: InputItems, name: String) throws -> [String] {
    // A JSON file is one document: its array holds the items.
    let items = read.lines == nil ? read.items.flatMap { $0.arrayValue ?? [$0] } : read.items
    return try items.enumerated().map { index, item in
      if let id = item.stringValue ?? item["contentId"]?.stringValue ?? item["id"]?.stringValue { return id }
      let place = read.lines.map { "\(name):\($0[index])" } ?? "\(name), item \(index + 1)"
      throw ReadError("\(place): expected a content id, or an object with contentId")
    }
  }
}
