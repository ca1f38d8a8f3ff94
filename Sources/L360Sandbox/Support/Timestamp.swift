import Foundation

/// Formats dates as the API does: `YYYY-MM-DDThh:mm:ss.sssZ` in UTC.
enum Timestamp {
  static func string(_ date: Date) -> String {
    let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    let seconds = millis / 1000
    let ms = Int(millis % 1000)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let c = calendar.dateComponents(
      [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    func pad(_ n: Int?, _ width: Int) -> String {
      let s = String(n ?? 0)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return
      "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(ms, 3))Z"
  }
}

extension Timestamp {
  /// Seconds since 1970 of an RFC 3339 date-time the schema has already checked (nil if it cannot be read), so
  /// that dates with different offsets or precisions compare by the instant they name.
  static func seconds(_ text: String) -> Double? {
    let b = Array(text.utf8)
    func number(_ at: Int, _ count: Int) -> Int? {
      guard at + count <= b.count else { return nil }
      var value = 0
      for byte in b[at..<at + count] {
        guard (0x30...0x39).contains(byte) else { return nil }
        value = value * 10 + Int(byte - 0x30)
      }
      return value
    }
    guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
      let minute = number(14, 2), let second = number(17, 2)
    else { return nil }
    var i = 19
    var fraction = 0.0
    if i < b.count, b[i] == 0x2E {
      let start = i
      i += 1
      while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
      fraction = Double(String(decoding: b[start..<i], as: UTF8.self)) ?? 0
    }
    var offset = 0
    if i < b.count, b[i] == 0x2B || b[i] == 0x2D, let hours = number(i + 1, 2), let minutes = number(i + 4, 2) {
      offset = (b[i] == 0x2B ? 1 : -1) * (hours * 3600 + minutes * 60)
    }
    // Days from 1970-01-01 of a Gregorian date (Howard Hinnant's days_from_civil).
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = era * 146_097 + dayOfEra - 719_468
    return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
  }
}
