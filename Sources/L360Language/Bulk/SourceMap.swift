/// Where each submitted item came from, in submission order, kept small enough for a million items:
/// a file name and one 32-bit line per item, or for a list in a script, each item's position in the list.
public struct SourceMap: Sendable {
  /// The input file as the script named it, or nil for a list.
  public let file: String?
  /// A line per item (file), or an item index (list, or a file whose format has no lines).
  private var positions: [Int32] = []
  private let positionsAreLines: Bool

  /// A map for items read from `file`; `lines` says whether positions are line numbers.
  public init(file: String?, lines: Bool) {
    self.file = file
    self.positionsAreLines = lines && file != nil
  }

  /// How many items are mapped.
  public var count: Int { positions.count }

  /// Records where the next submitted item came from.
  public mutating func append(_ position: Int) { positions.append(Int32(clamping: position)) }

  /// "courses.jsonl:4812", "courses.json: item 3" or "item 3".
  public func describe(_ index: Int) -> String {
    guard positions.indices.contains(index) else { return "item \(index)" }
    return Self.describe(Int(positions[index]), file: file, lines: positionsAreLines)
  }

  /// Describes one position without a map.
  static func describe(_ position: Int, file: String?, lines: Bool) -> String {
    switch (file, lines) {
    case (let file?, true): "\(file):\(position)"
    case (let file?, false): "\(file): item \(position)"
    default: "item \(position)"
    }
  }
}
