import L360Client
import L360JSON
import L360Schema
import OrderedCollections

/// Checks the items of one bulk statement as they stream by.
///
/// The official schema of one item, and no `externalId` twice. Keeps the first problems (located), and counts the rest, so a million bad items cost no memory.
struct BulkValidation {
  /// How many problems are listed; the rest are counted.
  static let listed = 20

  let kind: BulkKind
  private let validator = SchemaValidator(limit: BulkValidation.listed)
  /// The first problems, each "file:line: /pointer: message".
  private(set) var problems: [String] = []
  private(set) var checked = 0
  private(set) var invalid = 0
  /// Ordinals (0-based, counting every item) of the invalid items, so the sending pass skips them.
  private(set) var invalidOrdinals: Set<Int> = []
  /// externalId -> the position (line or index) where it was first seen.
  private var firstSeen: [String: Int32] = [:]

  /// `expectedItems` sizes the duplicate table up front (growing a million-entry table step by step cost 5% of a
  /// validation run).
  init(kind: BulkKind, expectedItems: Int = 0) {
    self.kind = kind
    schema = kind.itemSchema
    if case .upsertCourses = kind {
      byteChecker = SchemaByteChecker(schema, capture: "externalId")
    } else {
      byteChecker = SchemaByteChecker(schema)
    }
    if case .upsertCourses = kind, expectedItems > 0 { firstSeen.reserveCapacity(expectedItems) }
  }

  private let schema: Schema
  /// Recognizes valid items from their text without building values (most of a large file's validation time was
  /// spent allocating values only to throw them away).
  private let byteChecker: SchemaByteChecker

  /// What one item's check found; computed by ``inspect(_:)`` on any thread, then recorded in order.
  struct Finding: Sendable {
    var problems: [String]
    var externalId: String?
  }

  /// The schema problems of one item, and its externalId for the duplicate check (thread-safe).
  func inspect(_ item: JSONValue) -> Finding {
    let problems = validator.validate(item, against: schema).map(\.description)
    if case .upsertCourses = kind { return Finding(problems: problems, externalId: item["externalId"]?.stringValue) }
    return Finding(problems: problems, externalId: nil)
  }

  /// The finding for an item's text when it is plainly valid (thread-safe); nil when the parser and the validator
  /// must look at it (it is invalid, or unusual), for their located messages.
  func quickFinding(_ bytes: [UInt8]) -> Finding? {
    bytes.withUnsafeBufferPointer { buffer in
      guard case .valid(let captured) = byteChecker.check(buffer) else { return nil }
      let externalId = captured.map { String(decoding: UnsafeBufferPointer(rebasing: buffer[$0]), as: UTF8.self) }
      return Finding(problems: [], externalId: externalId)
    }
  }

  /// Checks the next item; returns true when it is valid.
  ///
  /// `position` is its line (or index), `describe` turns a position into words.
  mutating func check(_ item: JSONValue, at position: Int, describe: (Int) -> String) -> Bool {
    record(inspect(item), at: position, describe: describe)
  }

  /// Records the next item's finding, adding the duplicate check, which needs every earlier item.
  mutating func record(_ finding: Finding, at position: Int, describe: (Int) -> String) -> Bool {
    let ordinal = checked
    checked += 1
    var itemProblems = finding.problems
    if let externalId = finding.externalId {
      if let first = firstSeen[externalId] {
        itemProblems.append("/externalId: duplicate \"\(externalId)\" (first at \(describe(Int(first))))")
      } else {
        firstSeen[externalId] = Int32(clamping: position)
      }
    }
    guard !itemProblems.isEmpty else { return true }
    invalid += 1
    invalidOrdinals.insert(ordinal)
    for problem in itemProblems where problems.count < Self.listed {
      problems.append("\(describe(position)): \(problem)")
    }
    return false
  }

  /// Counts the next item as valid without looking at it: an item that is not sent (a sync's unchanged item) needs
  /// no check, since validation is there to keep bad items from being sent.
  mutating func pass() { checked += 1 }

  /// Valid items.
  var valid: Int { checked - invalid }

  /// The problems, and how many items were invalid in all when some were not listed.
  var report: [String] {
    invalid > problems.count ? problems + ["... \(invalid) invalid items in all"] : problems
  }
}
