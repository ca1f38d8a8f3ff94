import Foundation
import L360Client
import L360JSON
import OrderedCollections

/// What a sync does with a file, given its state: which items are new, changed or unchanged, and which externalIds
/// the state holds that the file no longer lists.
///
/// It decides item by item in the upsert's own checking pass (``consider(_:ordinal:)`` is its selector), so the
/// file is read once to plan and check, and once to send.
final class SyncPlan {
  /// The plan's counts and tables, changed together (one exclusive access per item, not one per field).
  struct Tally {
    var new = 0
    var changed = 0
    var unchanged = 0
    var identities: [(ordinal: Int, identity: (externalId: String, hash: UInt64)?)] = []
    /// The state, whose entries also note where each id was seen in the file.
    var state: SyncState
  }

  private var tally: Tally
  private let full: Bool
  private let name: String
  private var buffer: [UInt8] = []

  init(state: SyncState, full: Bool, name: String) {
    self.full = full
    self.name = name
    tally = Tally(state: state)
  }

  /// Items never accepted before (or not since the state was lost).
  var new: Int { tally.new }
  /// Items accepted before with other content.
  var changed: Int { tally.changed }
  /// Items accepted before exactly as they are now: neither checked nor sent.
  var unchanged: Int { tally.unchanged }
  /// The externalId and hash of each item to send (nil where the item has none), with its ordinal in the file, in
  /// file order.
  var identities: [(ordinal: Int, identity: (externalId: String, hash: UInt64)?)] { tally.identities }
  /// The state, with what the plan saw; the sync records into it what the server accepts.
  var state: SyncState { tally.state }

  /// externalIds in the state and not in the file, sorted (once every item was considered).
  private(set) lazy var missing: [String] = tally.state.items.compactMap { id, entry in
    entry.accepted != nil && entry.seenOn == 0 ? id : nil
  }.sorted()

  /// What to do with the item at `ordinal`: an item that does not parse, or has no externalId, is sent, so the
  /// upsert's validation reports it at its line.
  func consider(_ record: ItemStream.Record, ordinal: Int) -> ItemSelection {
    let identity = Self.identify(record, name: name, buffer: &buffer)
    return Self.consider(identity, line: record.line, ordinal: ordinal, full: full, name: name, tally: &tally)
  }

  private static func consider(
    _ identity: (String, UInt64)?, line: Int, ordinal: Int, full: Bool, name: String, tally: inout Tally
  ) -> ItemSelection {
    guard let (externalId, hash) = identity else {
      tally.new += 1
      tally.identities.append((ordinal, nil))
      return .send
    }
    // One lookup for both questions: was it seen before in this file, and what did the server accept?
    var selection = ItemSelection.send
    var isNew = false
    modify(&tally.state.items[externalId, default: SyncState.Entry()]) { entry in
      if entry.seenOn > 0 {
        selection = .refuse("/externalId: duplicate \"\(externalId)\" (first at \(name):\(entry.seenOn))")
        return
      }
      entry.seenOn = Int32(clamping: line)
      if !full, entry.accepted == hash { selection = .leave }
      isNew = entry.accepted == nil
    }
    switch selection {
    case .leave: tally.unchanged += 1
    case .send:
      if isNew { tally.new += 1 } else { tally.changed += 1 }
      tally.identities.append((ordinal, (externalId, hash)))
    case .refuse: break
    }
    return selection
  }

  private static func modify(_ entry: inout SyncState.Entry, _ change: (inout SyncState.Entry) -> Void) {
    change(&entry)
  }
}

extension SyncPlan {
  /// An item's externalId and the hash of its compact JSON.
  ///
  /// Without a backslash in its text, an item's compact JSON is its text minus whitespace, byte for byte (the
  /// writer escapes nothing else), so most items are hashed without being parsed; the others are parsed.
  static func identify(_ record: ItemStream.Record, name: String, buffer: inout [UInt8]) -> (String, UInt64)? {
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
  func accepted(_ identities: [(externalId: String, hash: UInt64)?], _ succeeded: [Bool]) {
    update { state in
      for (identity, ok) in zip(identities, succeeded) where ok {
        if let identity { state.items[identity.externalId, default: SyncState.Entry()].accepted = identity.hash }
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
