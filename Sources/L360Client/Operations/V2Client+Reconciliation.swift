public import Foundation
public import L360JSON

extension V2Client {
  /// Looks on the server for the operation that a submission of `items` created when its answer never came back
  /// (a lost connection, a kill, an interrupt), so the items are not sent and accepted a second time.
  ///
  /// Candidates are the operations of the kind's type created since `sentAfter` (less a margin for the server's
  /// clock), minus `excluding` and those this client submitted itself. The API reports an operation's inputs only in
  /// its results, which exist once it has finished: each candidate is awaited, then matched when its results' inputs
  /// name the same items, in the same order (all of them, or the processed ones of an operation that ended in
  /// `error`). Returns nil when none matches: then the submission never created an operation.
  public func findSubmission(
    _ kind: BulkKind, items: [JSONValue], sentAfter: Date, excluding: Set<String> = []
  ) async throws -> BulkJobHandle? {
    guard !items.isEmpty else { return nil }
    let ours = await tracker.everSubmitted
    let candidates = try await listBulkOperations(
      type: kind.operationType, createdSince: sentAfter.addingTimeInterval(-Self.serverClockMargin)
    ).filter { !excluding.contains($0.id) && !ours.contains($0.id) }
    let wanted = items.map(kind.identity(of:))
    // An operation that already processed more elements than were sent is another submission: not awaited. (`<=`:
    // the spec does not say whether the index counts from 0 or 1; either way a true match passes.)
    let plausible = candidates.filter { ($0.progressIndex ?? -1) <= items.count }
    // Oldest first: the lost submission is most likely the earliest one after it was sent.
    let oldestFirst = Array(plausible.reversed())
    guard
      let index = try await Self.firstMatch(
        among: oldestFirst.count, { try await self.holds(wanted, oldestFirst[$0], kind) })
    else { return nil }
    let operation = oldestFirst[index]
    let location = url("/api/v2/bulk/operations/\(operation.id)")
    return BulkJobHandle(id: operation.id, location: location, type: kind.operationType, itemCount: items.count)
  }

  /// The lowest index in `0..<count` for which `test` holds, testing up to `width` at once (the wait is about the
  /// longest test's, not their sum) and stopping as soon as every lower index has said no. A test's error counts
  /// only when no lower index matched, as it would have in order.
  static func firstMatch(
    among count: Int, width: Int = 4, _ test: @escaping @Sendable (Int) async throws -> Bool
  ) async throws -> Int? {
    try await withThrowingTaskGroup(of: (Int, Result<Bool, any Error>).self) { group in
      var launched = 0
      func launch() {
        guard launched < count else { return }
        let index = launched
        launched += 1
        group.addTask {
          do { return (index, .success(try await test(index))) } catch { return (index, .failure(error)) }
        }
      }
      for _ in 0..<min(width, count) { launch() }
      var answers: [Int: Result<Bool, any Error>] = [:]
      var decided = 0
      while let (index, answer) = try await group.next() {
        answers[index] = answer
        while let next = answers[decided] {
          if try next.get() {
            group.cancelAll()
            return decided
          }
          decided += 1
        }
        launch()
      }
      return nil
    }
  }

  /// True when `candidate`, awaited to its end, processed exactly the items `wanted` names, in order (or the first
  /// of them, for an operation that ended in `error`).
  private func holds(_ wanted: [String], _ candidate: BulkOperation, _ kind: BulkKind) async throws -> Bool {
    var operation = candidate
    var poll = 0
    while !operation.isFinished {
      try await configuration.clock.sleep(for: configuration.poll.delay(afterPoll: poll))
      poll += 1
      operation = try await bulkOperation(id: operation.id)
    }
    let body = try await finishedResultsBody(of: operation)
    guard case .array(let results) = try JSONParser.parse(bytes: body), !results.isEmpty,
      results.count == wanted.count || (operation.status == "error" && results.count < wanted.count)
    else { return false }
    return zip(results, wanted).allSatisfy { result, identity in
      result["input"].map(kind.identity(of:)) == identity
    }
  }

  /// How far the server's clock may be behind ours when filtering operations by `createdAt`.
  static let serverClockMargin: TimeInterval = 300
}

extension BulkKind {
  /// What names an item for matching an operation's results to what was sent: the external id of a course, the
  /// group and content of a catalog entry, else the whole item.
  public func identity(of item: JSONValue) -> String {
    let item = normalized(item)
    switch self {
    case .upsertCourses, .archiveCourses:
      if let id = item["externalId"]?.stringValue { return id }
    case .catalogAdd, .catalogRemove:
      if let group = item["groupId"]?.stringValue, let type = item["contentType"]?.stringValue,
        let content = item["contentId"]?.stringValue
      {
        return "\(group) \(type) \(content)"
      }
    }
    return JSONWriter.compact(item)
  }
}
