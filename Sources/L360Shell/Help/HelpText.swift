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

extension HelpText {
  /// docs/commands.md: every command with its usage, keys and a runnable example, from the command
  /// table (so the reference cannot drift from the code; a test compares the file with this).
  public static func commandsMarkdown() -> String {
    var out = [
      "# Commands", "",
      "Generated from l360's command table by `l360 reference > docs/commands.md`; a test keeps the two equal, and every",
      "example below runs in the test suite (from `examples/`). The language itself is in [language.md](language.md).",
      "",
    ]
    for spec in CommandTable.all {
      out.append("## \(spec.fullName)")
      out.append("")
      out.append("`\(spec.usage)`")
      out.append("")
      out.append(spec.summary)
      out.append("")
      if !spec.keys.isEmpty {
        out.append("| Key | Meaning | Values |")
        out.append("|---|---|---|")
        for key in spec.keys {
          out.append(
            "| `\(key.name)=` | \(key.help) | \(key.values.map { $0.map { "`\($0)`" }.joined(separator: ", ") } ?? "") |"
          )
        }
        out.append("")
      }
      out.append("```l360")
      if !spec.setup.isEmpty { out.append(spec.setup) }
      out.append(spec.example)
      out.append("```")
      out.append("")
    }
    return out.joined(separator: "\n")
  }
}
