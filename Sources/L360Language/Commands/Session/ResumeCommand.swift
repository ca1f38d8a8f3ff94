import Foundation
import L360Client
import L360JSON

/// `resume [JOURNAL]`: continues the newest unfinished bulk statement of the journal folder (or the journal
/// named): chunks already accepted are re-attached, the rest are sent; returns the job to await.
struct ResumeCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["resume"], forms: [Form(), Form(.value("journal", .inputFile))],
    // A journal may hold a removal or an archive: resume is held to the rules of the kind it continues.
    effect: .destructive,
    summary:
      "Continue the newest unfinished bulk statement of the journal folder (.l360/journal): chunks already accepted are re-attached, only the rest are sent; returns the job.",
    example: "let job = resume")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let summary: BulkJournal.Summary
    if let name = try await arguments.text("journal") {
      let path = context.resolvePath(name)
      let directory = (path as NSString).deletingLastPathComponent
      guard let found = BulkJournal.summaries(in: directory).first(where: { $0.path == path }) else {
        throw arguments.fail("no journal at \(name)", at: "journal")
      }
      summary = found
    } else {
      guard let directory = context.options.journalDirectory else {
        context.host.note("bulk journals are off in this session; nothing to resume")
        return .null
      }
      let unfinished = BulkJournal.summaries(in: directory).filter { !$0.isFinished }
      // A statement that sent a file can be resumed from here; one that sent a list needs its script.
      guard let newest = unfinished.first(where: { $0.header.inputPath != nil }) ?? unfinished.first else {
        context.host.note("nothing to resume: every bulk statement journaled in \(directory) has finished")
        return .null
      }
      summary = newest
    }
    let header = summary.header
    let parts = header.operation.split(separator: " ", maxSplits: 1).map(String.init)
    guard parts.count == 2, let kind = BulkKind(method: parts[0], path: parts[1]) else {
      throw context.fail("\(summary.path) is not a journal of a bulk statement l360 can resume")
    }
    guard let inputPath = header.inputPath else {
      throw context.fail(
        "the statement journaled in \(summary.path) sent a list from its script; run that script again with --resume")
    }
    context.host.note(
      "resume: \(kind.operationName) from \(header.input), \(plural(header.items, "item")) in \(plural(header.chunks, "chunk")) (\(summary.accepted) accepted before)"
    )
    return try await context.bulk.submitFile(
      kind, name: header.input, path: inputPath, range: context.range, context, journal: summary.path,
      chunkSize: header.chunkSize)
  }
}
