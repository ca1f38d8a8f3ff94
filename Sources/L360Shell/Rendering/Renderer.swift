import L360JSON
import L360Language
import OrderedCollections

/// Turns values into what the prompt prints: JSON with colour on a terminal, plain when piped or
/// when `NO_COLOR` is set.
public struct Renderer: Sendable {
  /// True when ANSI colours are written.
  public let colour: Bool

  /// Makes a renderer.
  public init(colour: Bool) { self.colour = colour }

  /// Colour on when stdout is a terminal and `NO_COLOR` is unset or empty (https://no-color.org).
  public static func colourWanted(isTerminal: Bool, environment: [String: String]) -> Bool {
    isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
  }

  /// Styles of text.
  public enum Style: String, Sendable {
    case key = "36"  // cyan
    case string = "32"  // green
    case number = "33"  // yellow
    case literal = "35"  // magenta
    case job = "1"  // bold
    case error = "31"  // red
  }

  /// `text` in `style` when colour is on.
  public func paint(_ text: String, _ style: Style) -> String {
    colour ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
  }

  /// A shown value in text, JSON or table form. A list of objects is a table with `table`, and with `text` when
  /// `tableWidth` is given (standard output is a terminal of that width).
  public func render(_ value: Value, as format: Options.OutputFormat, tableWidth: Int? = nil) -> String {
    if format == .table || (format == .text && tableWidth != nil), let rows = TableRenderer.rows(of: value) {
      return TableRenderer.render(rows, width: tableWidth ?? TableRenderer.terminalWidth()) { paint($0, .job) }
    }
    guard colour, format != .json else { return value.rendered(as: format) }
    switch value {
    case .string(let s): return s
    case .job(let j): return paint(j.line, .job)
    default: return pretty(value.json, indent: 0)
    }
  }

  /// An error message, in red on a terminal.
  public func error(_ text: String) -> String { paint(text, .error) }

  func pretty(_ value: JSONValue, indent: Int) -> String {
    let pad = String(repeating: "  ", count: indent)
    let inner = String(repeating: "  ", count: indent + 1)
    switch value {
    case .null, .bool: return paint(JSONWriter.compact(value), .literal)
    case .number: return paint(JSONWriter.compact(value), .number)
    case .string: return paint(JSONWriter.compact(value), .string)
    case .array(let elements):
      if elements.isEmpty { return "[]" }
      return "[\n" + elements.map { inner + pretty($0, indent: indent + 1) }.joined(separator: ",\n") + "\n\(pad)]"
    case .object(let members):
      if members.isEmpty { return "{}" }
      return "{\n"
        + members.map { inner + paint(JSONWriter.quoted($0.key), .key) + ": " + pretty($0.value, indent: indent + 1) }
        .joined(separator: ",\n") + "\n\(pad)}"
    }
  }
}
