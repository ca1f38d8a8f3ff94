import Foundation
import L360Client
import L360JSON
import OrderedCollections

/// What a sync will do with a file, given its state: which items are new, changed or unchanged, and which
/// externalIds the state holds that the file no longer lists.
struct SyncPlan {
  /// Items never accepted before (or not since the state was lost).
  var new = 0
  /// Items accepted before with other content.
  var changed = 0
  /// The file's ordinals of items accepted before exactly as they are now: validated, not sent.
  var unchanged: Set<Int> = []
  /// externalIds in the state and not in the file, in the state's order.
  var missing: [String] = []

  /// Reads the file once; an item that does not parse, or has no externalId, counts as new, so the upsert's own
  /// validation reports it at its line.
  static func make(path: String, name: String, kind: BulkKind, state: SyncState, full: Bool) throws(ReadError)
    -> SyncPlan
  {
    var plan = SyncPlan()
    var seen = Set<String>()
    let stream = try ItemStream(path: path, name: name, schema: kind.itemSchema)
    var ordinal = 0
    while let record = try stream.nextRecord() {
      defer { ordinal += 1 }
      guard let item = try? ItemStream.parse(record, name: name), let externalId = item["externalId"]?.stringValue,
        seen.insert(externalId).inserted
      else {
        plan.new += 1
        continue
      }
      switch state.items[externalId] {
      case nil: plan.new += 1
      case SyncState.hash(item) where !full: plan.unchanged.insert(ordinal)
      default: plan.changed += 1
      }
    }
    plan.missing = state.items.keys.filter { !seen.contains($0) }
    return plan
  }
}

/// The state of one sync as its jobs report back: items recorded as their chunks succeed, saved after each chunk.
final class SyncStateStore: @unchecked Sendable {
  private let lock = NSLock()
  private var state: SyncState
  private let path: String
  private let save: Bool
  private let note: @Sendable (String) -> Void

  init(_ state: SyncState, path: String, save: Bool, note: @escaping @Sendable (String) -> Void) {
    self.state = state
    self.path = path
    self.save = save
    self.note = note
  }

  /// Records the upserted items that succeeded, with the hash of what was sent.
  func accepted(_ inputs: [JSONValue], _ succeeded: [Bool]) {
    update { state in
      for (item, ok) in zip(inputs, succeeded) where ok {
        if let id = item["externalId"]?.stringValue { state.items[id] = SyncState.hash(item) }
      }
    }
  }

  /// Forgets the externalIds whose archive succeeded.
  func archived(_ inputs: [JSONValue], _ succeeded: [Bool]) {
    update { state in
      for (item, ok) in zip(inputs, succeeded) where ok {
        if let id = item["externalId"]?.stringValue { state.items.removeValue(forKey: id) }
      }
    }
  }

  private func update(_ change: (inout SyncState) -> Void) {
    lock.withLock {
      change(&state)
      guard save else { return }
      do { try state.save(path: path) } catch {
        // The items stay unrecorded and are sent again next run (an upsert is idempotent): nothing is lost.
        note("courses sync: \(error); the next run sends these items again")
      }
    }
  }
}
