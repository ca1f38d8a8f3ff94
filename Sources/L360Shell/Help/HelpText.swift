import L360Client
import L360Language
import L360Schema

/// What `help` and `help COMMAND [SUBCOMMAND]` print at the prompt, derived from the command declarations.
public enum HelpText {
  /// The overview: statements, commands and prompt commands.
  public static func overview() -> String {
    var lines = [
      "Statements: let NAME = ..., print, assert, if/else, for NAME in ..., set OPTION VALUE, source FILE",
      "Commands:",
    ]
    for declaration in CommandTable.declarations {
      lines.append("  " + pad(declaration.name, 32) + declaration.summary)
    }
    lines += [
      "At the prompt: help [COMMAND [SUBCOMMAND]], vars, history, save-script FILE, exit (or Ctrl-D).",
      "Tab completes commands, the words of each form, keys and their values, $variables and their fields, and files.",
      "Ctrl-C clears the line, or stops a running statement (a job keeps running; 'await' it again).",
      "The full reference: docs/language.md and docs/commands.md.",
    ]
    return lines.joined(separator: "\n")
  }

  /// Usage, keys, effect and an example of the commands `words` names (`["integration"]` gives every integration
  /// command, `["integration", "create"]` only that one); nil when there is none.
  public static func command(_ words: [String]) -> String? {
    guard let first = words.first else { return nil }
    // `help request GET /api/v2/users`, `help request /api/v2/users`, `help /api/v2/users`: the API's operations.
    let api = first == "request" ? Array(words.dropFirst()) : words
    if let path = api.last, path.hasPrefix("/") {
      let method = api.count > 1 ? api[0].uppercased() : nil
      return OperationIndex.describe(method: method, path: path)
        ?? "no v2 operation \(method.map { $0 + " " } ?? "")\(path); 'help request' shows how to send one"
    }
    let declarations = CommandTable.declarations(named: first).filter { Array($0.words.prefix(words.count)) == words }
    guard !declarations.isEmpty else { return nil }
    return declarations.map(describe).joined(separator: "\n\n")
  }

  /// One command: its usage lines, summary, keys, effect and example.
  static func describe(_ declaration: CommandDeclaration) -> String {
    var lines = declaration.usageLines
    lines.append("  \(declaration.summary)")
    for key in declaration.allKeys {
      let values = key.kind.fixedValues.map { values in
        " (\(values.prefix(6).joined(separator: "|"))\(values.count > 6 ? "|..." : ""))"
      }
      lines.append("    " + pad("\(key.name)=", 16) + key.help + (values ?? ""))
    }
    lines.append("  effect: \(effectText(declaration.effect))")
    lines.append("  example: \(declaration.example)")
    return lines.joined(separator: "\n")
  }

  /// The effect in words, as help and the reference say it.
  static func effectText(_ effect: CommandEffect) -> String {
    switch effect {
    case .local: "local only; sends nothing to the API"
    case .reads: "reads; a dry run runs it in full"
    case .writes: "writes; a dry run prints its requests instead of sending them"
    case .destructive:
      "destructive; asks first on a real tenant (--yes in a script), honours max-delete=, and a dry run sends none of it"
    }
  }

  static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
  }
}

extension HelpText {
  /// docs/commands.md: every command with its usage, keys, effect and a runnable example, from the declarations
  /// (so the reference cannot drift from the code; a test compares the file with this).
  public static func commandsMarkdown() -> String {
    var out = [
      "# Commands", "",
      "Generated from l360's command declarations by `l360 reference > docs/commands.md`; a test keeps the two equal,",
      "and every example below runs in the test suite (from `examples/`). The language itself is in",
      "[language.md](language.md).",
      "",
    ]
    for declaration in CommandTable.declarations {
      out.append("## \(declaration.name)")
      out.append("")
      for usage in declaration.usageLines { out.append("`\(usage)`  ") }
      out.append("")
      out.append(declaration.summary)
      out.append("")
      out.append("Effect: \(effectText(declaration.effect)).")
      out.append("")
      if !declaration.allKeys.isEmpty {
        out.append("| Key | Meaning | Values |")
        out.append("|---|---|---|")
        for key in declaration.allKeys {
          let values = key.kind.fixedValues.map { $0.map { "`\($0)`" }.joined(separator: ", ") } ?? ""
          out.append("| `\(key.name)=`\(key.isRequired ? " (required)" : "") | \(key.help) | \(values) |")
        }
        out.append("")
      }
      out.append("```l360")
      if !declaration.setup.isEmpty { out.append(declaration.setup) }
      out.append(declaration.example)
      out.append("```")
      out.append("")
    }
    return out.joined(separator: "\n")
  }
}
