import L360Language

/// What `help` and `help COMMAND` print at the prompt.
public enum HelpText {
  /// The overview: statements, commands and prompt commands.
  public static func overview() -> String {
    var lines = [
      "Statements: let NAME = ..., print, assert, if/else, for NAME in ..., set OPTION VALUE, source FILE",
      "Commands:",
    ]
    for spec in CommandTable.all {
      lines.append("  " + pad(spec.fullName, 20) + spec.summary)
    }
    lines += [
      "At the prompt: help [COMMAND], vars, history, save-script FILE, exit (or Ctrl-D).",
      "Tab completes commands, keys, $variables and their fields, and file names after 'from'.",
      "Ctrl-C clears the line, or stops a running statement (a job keeps running; 'await' it again).",
      "The full reference: docs/language.md.",
    ]
    return lines.joined(separator: "\n")
  }

  /// Usage, keys and an example for each form of `command`; nil when there is no such command.
  public static func command(_ name: String) -> String? {
    let forms = CommandTable.forms(of: name)
    guard !forms.isEmpty else { return nil }
    var lines: [String] = []
    for spec in forms {
      lines.append("\(spec.usage)")
      lines.append("  \(spec.summary)")
      for key in spec.keys {
        let values = key.values.map { " (\($0.prefix(6).joined(separator: "|"))\($0.count > 6 ? "|..." : ""))" } ?? ""
        lines.append("    " + pad("\(key.name)=", 16) + key.help + values)
      }
      lines.append("  example: \(spec.example)")
      lines.append("")
    }
    return lines.dropLast().joined(separator: "\n")
  }

  static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
  }
}
