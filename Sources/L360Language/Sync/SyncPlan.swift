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
  /// The externalId and hash of each item to send, by its ordinal in the file (nil where the item has none).
  var identities: [Int: (externalId: String, hash: String)?] = [:]

  /// Reads the file once; an item that does not parse, or has no externalId, counts as new, so the upsert's own
  /// validation reports it at its line.
  static func make(path: String, name: String, kind: BulkKind, state: SyncState, full: Bool) throws(ReadError)
    -> SyncPlan
  {
    var plan = SyncPlan()
    var seen: [String: Int] = [:]
    let stream = try ItemStream(path: path, name: name, schema: kind.itemSchema)
    var ordinal = 0
    var compact: [UInt8] = []
    while let record = try stream.nextRecord() {
      defer { ordinal += 1 }
      guard let (externalId, hash) = identify(record, name: name, buffer: &compact) else {
        plan.new += 1
        plan.identities[ordinal] = .some(nil)
        continue
      }
      if let first = seen[externalId] {
        // A repeated externalId is sent with its first occurrence, so the upsert's validation reports it.
        if plan.unchanged.remove(first) != nil {
          plan.identities[first] = (externalId, hash)
        }
        plan.new += 1
        plan.identities[ordinal] = (externalId, hash)
        continue
      }
      seen[externalId] = ordinal
      switch state.items[externalId] {
      case hash where !full:
        plan.unchanged.insert(ordinal)
        continue
      case nil: plan.new += 1
      default: plan.changed += 1
      }
      plan.identities[ordinal] = (externalId, hash)
    }
    plan.missing = state.items.keys.filter { seen[$0] == nil }
    return plan
  }
}

extension SyncPlan {
  /// An item's externalId and the hash of its compact JSON.
  ///
  /// Without a backslash in its text, an item's compact JSON is its text minus whitespace, byte for byte (the
  /// writer escapes nothing else), so most items are hashed without being parsed; the others are parsed.
  static func identify(_ record: ItemStream.Record, name: String, buffer: inout [UInt8]) -> (String, String)? {
    if let bytes = record.bytes, !bytes.contains(UInt8(ascii: "\\")) {
      buffer.removeAll(keepingCapacity: true)
      JSONMinifier.append(bytes, to: &buffer)
      guard let externalId = topLevelString("externalId", in: buffer) else { return nil }
      return (externalId, SyncState.hash(bytes: buffer))
    }
    guard let item = try? ItemStream.parse(record, name: name), let externalId = item["externalId"]?.stringValue
    else { return nil }
    return (externalId, SyncState.hash(item))
  }

  /// The string value of member `key` of the object that `json` (compact, without escapes) is, or nil.
  static func topLevelString(_ key: String, in json: [UInt8]) -> String? {
    let wanted = Array(key.utf8)
    var depth = 0
    var i = 0
    let n = json.count
    while i < n {
      switch json[i] {
      case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
      case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
      case UInt8(ascii: "\""):
        var end = i + 1
        while end < n, json[end] != UInt8(ascii: "\"") { end += 1 }
        guard end < n else { return nil }
        // A key at the top level: the string is followed by ':'.
        if depth == 1, end + 1 < n, json[end + 1] == UInt8(ascii: ":"), json[(i + 1)..<end].elementsEqual(wanted) {
          let valueStart = end + 2
          guard valueStart < n, json[valueStart] == UInt8(ascii: "\"") else { return nil }
          var valueEnd = valueStart + 1
          while valueEnd < n, json[valueEnd] != UInt8(ascii: "\"") { valueEnd += 1 }
          guard valueEnd < n else { return nil }
          return String(decoding: json[(valueStart + 1)..<valueEnd], as: UTF8.self)
        }
        i = end
      default: break
      }
      i += 1
    }
    return nil
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
  func accepted(_ identities: [(externalId: String, hash: String)?], _ succeeded: [Bool]) {
    update { state in
      for (identity, ok) in zip(identities, succeeded) where ok {
        if let identity { state.items[identity.externalId] = identity.hash }
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
