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
