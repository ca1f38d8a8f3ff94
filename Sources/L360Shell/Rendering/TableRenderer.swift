import Foundation
import L360JSON
import L360Language
import OrderedCollections

/// A list of objects as an aligned table, the way a person reads an API's lists: one column per key (in the order
/// keys first appear), fitted to the terminal's width, a long value cut with an ellipsis.
public enum TableRenderer {
  /// The rows of `value` when it is a list of objects (the only shape shown as a table), else nil.
  public static func rows(of value: Value) -> [OrderedDictionary<String, Value>]? {
    guard case .list(let elements) = value, !elements.isEmpty else { return nil }
    var rows: [OrderedDictionary<String, Value>] = []
    for element in elements {
      guard case .object(let members) = element else { return nil }
      rows.append(members)
    }
    return rows
  }

  /// The table for `rows`, at most `width` characters wide; `header` styles the header line.
  public static func render(
    _ rows: [OrderedDictionary<String, Value>], width: Int, header: (String) -> String = { $0 }
  ) -> String {
    var columns = OrderedSet<String>()
    for row in rows { for key in row.keys { columns.append(key) } }
    let names = Array(columns)
    let cells = rows.map { row in names.map { row[$0].map(cell) ?? "" } }
    var widths = names.indices.map { column in
      min(Self.widest, max(names[column].count, cells.map { $0[column].count }.max() ?? 0))
    }
    // Narrow the widest columns first until the table fits (two spaces between columns), down to a floor.
    let gaps = 2 * max(0, names.count - 1)
    while widths.reduce(0, +) + gaps > width, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }),
      widths[widest] > Self.narrowest
    {
      widths[widest] -= 1
    }
    func line(_ values: [String]) -> String {
      let text = values.indices.map { i in
        let text = fit(values[i], widths[i])
        // Padded by characters, as the widths are counted (`padding(toLength:)` counts UTF-16 units: an emoji is 2).
        return i == values.count - 1 ? text : text + String(repeating: " ", count: max(0, widths[i] - text.count))
      }.joined(separator: "  ")
      // Empty cells at the end leave no trailing blanks.
      return String(text.reversed().drop { $0 == " " }.reversed())
    }
    var lines = [header(line(names))]
    lines += cells.map(line)
    return lines.joined(separator: "\n")
  }

  /// No column is wider than this unless the terminal is: a long description should not push the rest away.
  static let widest = 60
  /// Columns are not narrowed below this.
  static let narrowest = 6

  /// A value as one cell: text as it is, null as nothing, lists and objects as compact JSON, on one line.
  static func cell(_ value: Value) -> String {
    let text: String
    switch value {
    case .string(let s): text = s
    case .null: text = ""
    case .job(let job): text = job.line
    default: text = JSONWriter.compact(value.json)
    }
    return text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
  }

  /// `text` cut to `width` characters, the last one an ellipsis when cut.
  static func fit(_ text: String, _ width: Int) -> String {
    guard text.count > width else { return text }
    return String(text.prefix(max(0, width - 1))) + "…"
  }

  /// The terminal's width: the window of standard output, else `$COLUMNS`, else 100.
  public static func terminalWidth() -> Int {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
    return 100
  }
}
