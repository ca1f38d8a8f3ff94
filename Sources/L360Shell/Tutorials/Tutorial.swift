import Foundation
import L360Language

/// A tutorial: an l360 script whose `##` comment blocks narrate the statement that follows them.
public struct Tutorial: Sendable {
  /// One step: the narration, then one statement.
  public struct Step: Sendable {
    /// The `##` lines before the statement, without the `## `.
    public let narration: [String]
    /// The statement as written.
    public let text: String
    /// The parsed statement.
    public let statement: Statement
  }

  /// The tutorial's name (a built-in's name, or the file's).
  public let name: String
  /// The source.
  public let source: SourceFile
  /// Its steps in order.
  public let steps: [Step]

  /// Parses a tutorial; a syntax error is reported like any script's.
  public init(name: String, source: SourceFile) throws(ScriptError) {
    self.name = name
    self.source = source
    let script = try Parser.parse(source)
    var steps: [Step] = []
    for statement in script.statements {
      let range = statement.range
      let (line, _) = source.lineAndColumn(of: range.start)
      var narration: [String] = []
      var previous = line - 1
      while previous >= 1 {
        let text = source.lineText(previous).trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("##") else { break }
        narration.insert(String(text.dropFirst(2).drop { $0 == " " }), at: 0)
        previous -= 1
      }
      steps.append(Step(narration: narration, text: source.text(range.start..<range.end), statement: statement))
    }
    self.steps = steps
  }

  /// The built-in tutorials, bundled with l360: name and the first line of narration.
  public static func builtins() -> [(name: String, summary: String)] {
    let names = ["getting-started", "migrate-import-external-courses", "migrate-catalog-removal"]
    return names.compactMap { name in
      guard let tutorial = try? builtin(name) else { return nil }
      return (name, tutorial.steps.first?.narration.first ?? "")
    }
  }

  /// A built-in tutorial by name; nil when there is none.
  public static func builtin(_ name: String) throws -> Tutorial? {
    guard let url = Bundle.module.url(forResource: name, withExtension: "l360", subdirectory: "Builtin"),
      let text = try? String(contentsOf: url, encoding: .utf8)
    else { return nil }
    return try Tutorial(name: name, source: SourceFile(name: name + ".l360", text: text))
  }
}
