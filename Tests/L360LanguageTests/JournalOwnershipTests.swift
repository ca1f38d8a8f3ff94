import Foundation
import L360JSON
import L360TestSupport
import Testing

@testable import L360Language

@Suite("One journal object writes a journal file at a time, even within one process")
struct JournalOwnershipTests {
  /// Two chunks of one item each.
  let header = BulkJournal.Header(
    operation: "PUT /api/v2/bulk/integrations/x/courses", input: "list", inputPath: nil, fingerprint: "f",
    items: 2, chunkSize: 1, chunks: 2)

  /// A journal of `header` in `folder`, key `k`.
  func journal(_ folder: URL, _ header: BulkJournal.Header, resume: Bool) throws -> BulkJournal {
    try BulkJournal(
      directory: folder.path, key: "k", header: header, statement: "courses upsert", resume: resume, note: { _ in })
  }
  @Test("a newer journal on the same file retires the older; the older's records never reach the file")
  func newerRetiresOlder() throws {
    let folder = try temporaryFolder("journal-ownership")
    let first = try journal(folder, header, resume: false)
    try first.sending(chunk: 0, items: 1, hash: "h0")
    let second = try journal(folder, header, resume: true)
    #expect(first.isRetired)
    #expect(!second.isRetired)
    // The older object is still held (by a value at the prompt, say): what it says now is dropped.
    first.finished(chunk: 0, status: "completed")
    try first.sending(chunk: 1, items: 1, hash: "h1-old")
    try second.sending(chunk: 1, items: 1, hash: "h1")
    let bytes = try #require(FileManager.default.contents(atPath: second.path))
    let contents = JournalFrame.decode(Array(bytes))
    #expect(contents.damage == nil && contents.tornTail.isEmpty)
    let events = contents.records.map { $0.record["event"]?.stringValue ?? "" }
    #expect(events == ["statement", "sending", "resumed", "sending"], "\(events)")
    #expect(contents.records.last?.record["hash"]?.stringValue == "h1")
  }

  @Test("a newer journal that cannot open (other input) leaves the older one writing")
  func failedNewerKeepsOlder() throws {
    let folder = try temporaryFolder("journal-ownership-failed")
    let first = try journal(folder, header, resume: false)
    var other = header
    other.fingerprint = "changed"
    #expect(throws: JournalError.self) {
      _ = try journal(folder, other, resume: true)
    }
    #expect(!first.isRetired)
    try first.sending(chunk: 0, items: 1, hash: "h0")
    let bytes = try #require(FileManager.default.contents(atPath: first.path))
    let events = JournalFrame.decode(Array(bytes)).records.map { $0.record["event"]?.stringValue ?? "" }
    #expect(events == ["statement", "sending"], "\(events)")
  }
}
