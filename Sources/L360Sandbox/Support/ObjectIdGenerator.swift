/// Makes unique 24-hex ObjectIds: 8 hex digits of the start time, then a 16-hex counter.
///
/// Deterministic within one sandbox, so outputs are easy to read and compare.
struct ObjectIdGenerator: Sendable {
  private let prefix: String
  private var counter: UInt64 = 0

  init(startSeconds: UInt64) {
    let hex = String(startSeconds & 0xFFFF_FFFF, radix: 16)
    prefix = String(repeating: "0", count: 8 - hex.count) + hex
  }

  mutating func next() -> String {
    counter += 1
    let hex = String(counter, radix: 16)
    return prefix + String(repeating: "0", count: 16 - hex.count) + hex
  }
}
