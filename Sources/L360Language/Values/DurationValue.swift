/// Durations as scripts write them: `500ms`, `2s`, `10m`, `1h` (a bare number means seconds).
public enum DurationValue {
  /// Parses a duration word; nil when it is not one.
  public static func parse(_ text: String) -> Duration? {
    let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
    for (suffix, factor) in units where text.hasSuffix(suffix) {
      let number = text.dropLast(suffix.count)
      // "ms" must not be read as minutes of "5m" + "s".
      if suffix == "s", number.hasSuffix("m") { continue }
      if let value = Double(number), value >= 0, value * factor <= 1e9, !number.isEmpty,
        number.allSatisfy({ $0.isNumber || $0 == "." })
      {
        return .milliseconds(Int64((value * factor * 1000).rounded()))
      }
    }
    return nil
  }

  /// "3.2s", "450ms", "2m05s".
  public static func format(_ duration: Duration) -> String {
    let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    if ms < 1000 { return "\(Int(ms.rounded()))ms" }
    let seconds = ms / 1000
    if seconds < 60 { return String(Double(Int(seconds * 10)) / 10) + "s" }
    let whole = Int(seconds)
    let remainder = whole % 60
    return "\(whole / 60)m" + (remainder < 10 ? "0" : "") + "\(remainder)s"
  }
}
