import Foundation
import L360Sandbox

/// Makes new inputs from a corpus the way coverage-less fuzzers do: flips, inserts of bytes that matter to the
/// grammar, deletions, duplications, splices from another corpus entry, truncations, deep nesting and long runs.
struct Mutator {
  let corpus: [[UInt8]]
  /// The sandbox's seeded generator: the same seed gives the same inputs on every machine.
  var random: SplitMix64

  /// Bytes that change meaning in l360, JSON and CSV.
  static let interesting: [UInt8] =
    Array("{}[]()\"'\\,;:=$#.\n\r\t 0123456789-+eE".utf8) + [0x00, 0xFF, 0xC3, 0xE2, 0x7F]

  mutating func next() -> [UInt8] {
    var bytes = corpus[Int.random(in: 0..<corpus.count, using: &random)]
    for _ in 0..<Int.random(in: 1...4, using: &random) { mutate(&bytes) }
    return bytes
  }

  private mutating func position(in bytes: [UInt8]) -> Int { Int.random(in: 0...bytes.count, using: &random) }

  private mutating func mutate(_ bytes: inout [UInt8]) {
    switch Int.random(in: 0..<9, using: &random) {
    case 0 where !bytes.isEmpty:
      let i = Int.random(in: 0..<bytes.count, using: &random)
      bytes[i] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
    case 1:
      bytes.insert(Self.interesting.randomElement(using: &random)!, at: position(in: bytes))
    case 2 where !bytes.isEmpty:
      let start = Int.random(in: 0..<bytes.count, using: &random)
      let end = min(bytes.count, start + Int.random(in: 1...16, using: &random))
      bytes.removeSubrange(start..<end)
    case 3 where !bytes.isEmpty:
      let start = Int.random(in: 0..<bytes.count, using: &random)
      let end = min(bytes.count, start + Int.random(in: 1...64, using: &random))
      bytes.insert(contentsOf: bytes[start..<end], at: position(in: bytes))
    case 4:
      let other = corpus[Int.random(in: 0..<corpus.count, using: &random)]
      guard !other.isEmpty else { return }
      let start = Int.random(in: 0..<other.count, using: &random)
      let end = min(other.count, start + Int.random(in: 1...128, using: &random))
      bytes.insert(contentsOf: other[start..<end], at: position(in: bytes))
    case 5:
      bytes.removeSubrange(position(in: bytes)...)
    case 6:
      let depth = Int.random(in: 100...3000, using: &random)
      let open: [UInt8] = [[UInt8(ascii: "[")], [UInt8(ascii: "{")], Array("{\"a\":".utf8), [UInt8(ascii: "(")]]
        .randomElement(using: &random)!
      bytes.insert(contentsOf: Array([[UInt8]](repeating: open, count: depth).joined()), at: position(in: bytes))
    case 7:
      let run = [UInt8](
        repeating: Self.interesting.randomElement(using: &random)!, count: Int.random(in: 100...20_000, using: &random))
      bytes.insert(contentsOf: run, at: position(in: bytes))
    default:
      let numbers = [
        "1e999999", "-0", "99999999999999999999999999", "0.0000000000001", "1e-400", "NaN", "\\u0000", "\\ud800",
      ]
      bytes.insert(contentsOf: Array(numbers.randomElement(using: &random)!.utf8), at: position(in: bytes))
    }
  }
}

/// The seed corpus: every example script and input in examples/, and the regression corpus in Tests/Corpus.
enum FuzzCorpus {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Files under examples/ and Tests/Corpus/regressions whose name ends with one of `extensions`.
  static func files(_ extensions: [String]) -> [URL] {
    let folders = [root.appendingPathComponent("examples"), root.appendingPathComponent("Tests/Corpus/regressions")]
    return folders.flatMap { folder in
      ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
        .filter { url in extensions.contains { url.lastPathComponent.hasSuffix("." + $0) } }
    }.sorted { $0.path < $1.path }
  }

  static func seeds(_ extensions: [String]) -> [[UInt8]] {
    files(extensions).compactMap { try? [UInt8](Data(contentsOf: $0)) }
  }

  /// How many inputs each fuzz test makes: `L360_FUZZ_ITERATIONS`, else 3,400 (over 10,000 in the three fuzzing tests).
  static var iterations: Int {
    ProcessInfo.processInfo.environment["L360_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 3_400
  }

  /// `L360_FUZZ_SEED`, else a fixed seed, so CI runs the same inputs every time.
  static var seed: UInt64 {
    ProcessInfo.processInfo.environment["L360_FUZZ_SEED"].flatMap(UInt64.init) ?? 360
  }

  /// Before each input runs, it is written here: if it crashes the process, scripts/fuzz keeps it.
  static func remember(_ bytes: [UInt8], as name: String) {
    guard let path = ProcessInfo.processInfo.environment["L360_FUZZ_CURRENT"] else { return }
    FileManager.default.createFile(atPath: path + "." + name, contents: Data(bytes))
  }
}
