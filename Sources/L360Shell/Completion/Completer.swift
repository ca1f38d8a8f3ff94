import Foundation
import L360Language
import L360Schema
import OrderedCollections

/// What completion may look at: the variables of the session and the files on disk.
public struct CompletionContext: Sendable {
  /// The session's variables.
  public var variables: [String: Value]
  /// Lists the entries of a directory (injected, so tests need no files).
  public var listDirectory: @Sendable (String) -> [String]

  /// Makes a context.
  public init(
    variables: [String: Value], listDirectory: @escaping @Sendable (String) -> [String] = Completer.listDirectory
  ) {
    self.variables = variables
    self.listDirectory = listDirectory
  }
}

/// Tab completion as a pure function: the line and cursor in, full replacement words out.
///
/// It completes command words and subcommands, the `key=` names of the command being typed and
/// the values of keys that have a fixed set, `$variables` and the fields of object values
/// (`$integration._id`), file paths after `from`, and `help` topics.
public enum Completer {
  /// Words of the prompt that are not language commands.
  public static let metaCommands = ["help", "vars", "history", "save-script", "exit"]

  /// The candidates for the word under the cursor, each a full replacement of that word.
  public static func candidates(line: String, cursor: Int, context: CompletionContext) -> [String] {
    let before = String(decoding: Array(line.utf8.prefix(max(0, cursor))), as: UTF8.self)
    let breakCharacters: Set<Character> = [" ", "\t", "\n", ";", "{", "}", "[", "]", "(", ")", ",", "\"", "'"]
    var wordStart = before.endIndex
    while wordStart > before.startIndex, !breakCharacters.contains(before[before.index(before: wordStart)]) {
      wordStart = before.index(before: wordStart)
    }
    let word = String(before[wordStart...])
    // The statement being typed: after the last `;` or `{`.
    let statementStart =
      before[..<wordStart].lastIndex { $0 == ";" || $0 == "{" }.map { before.index(after: $0) } ?? before.startIndex
    var words = before[statementStart..<wordStart].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    if words.first == "let", words.count >= 3, words[2] == "=" { words.removeFirst(3) }

    if word.hasPrefix("$") { return variableCandidates(word, context) }
    guard let command = words.first else {
      return (CommandTable.names + Parser.keywords.sorted() + metaCommands).filter { $0.hasPrefix(word) }.sorted()
    }
    if command == "help" {
      return (CommandTable.names + ["language", "keys"]).filter { $0.hasPrefix(word) }.sorted()
    }
    if words.last == "from" || words.last == "source" || (words.last == "save-script") {
      return fileCandidates(word, context)
    }
    let forms = CommandTable.forms(of: command)
    guard !forms.isEmpty else { return [] }
    let subcommands = forms.compactMap(\.subcommand)
    if words.count == 1, !subcommands.isEmpty {
      return subcommands.filter { $0.hasPrefix(word) }.map { $0 }
    }
    let spec = CommandTable.spec(command, words.count > 1 ? words[1] : nil) ?? forms[0]
    if let equals = word.firstIndex(of: "=") {
      let key = String(word[..<equals])
      let typed = String(word[word.index(after: equals)...])
      if typed.hasPrefix("$") { return variableCandidates(typed, context).map { "\(key)=\($0)" } }
      let values = spec.keys.first { $0.name == key }?.values ?? []
      return values.filter { $0.hasPrefix(typed) }.map { "\(key)=\($0)" }
    }
    let usedKeys = Set(words.compactMap { w in w.firstIndex(of: "=").map { String(w[..<$0]) } })
    var options = spec.keys.map { "\($0.name)=" }.filter { !usedKeys.contains(String($0.dropLast())) }
    if spec.name == "catalog" && words.count == 2 { options += ["course", "path-session", "from"] }
    if spec.name == "courses" && spec.subcommand == "upsert" { options += ["from", "into"] }
    return options.filter { $0.hasPrefix(word) }.sorted()
  }

  static func variableCandidates(_ word: String, _ context: CompletionContext) -> [String] {
    let body = word.dropFirst()
    let parts = body.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    if parts.count == 1 {
      return context.variables.keys.filter { $0.hasPrefix(parts[0]) }.sorted().map { "$" + $0 }
    }
    // `$integration.ex` -> fields of the value at `$integration`.
    guard var value = context.variables[parts[0]] else { return [] }
    for part in parts.dropFirst().dropLast() {
      guard let next = value.member(part) else { return [] }
      value = next
    }
    let fields: [String]
    switch value {
    case .object(let members): fields = Array(members.keys)
    case .job: fields = ["id", "type", "status", "total", "succeeded", "failed", "results", "errors", "elapsed"]
    default: return []
    }
    let stem = "$" + parts.dropLast().joined(separator: ".") + "."
    let last = parts.last ?? ""
    return fields.filter { $0.hasPrefix(last) }.map { stem + $0 }
  }

  static func fileCandidates(_ word: String, _ context: CompletionContext) -> [String] {
    let directory: String
    let namePrefix: String
    if let slash = word.lastIndex(of: "/") {
      directory = String(word[...slash])
      namePrefix = String(word[word.index(after: slash)...])
    } else {
      directory = ""
      namePrefix = word
    }
    // Hidden files only when the user has typed the dot.
    return context.listDirectory(directory.isEmpty ? "." : directory)
      .filter { $0.hasPrefix(namePrefix) && (namePrefix.hasPrefix(".") || !$0.hasPrefix(".")) }
      .sorted().map { directory + $0 }
  }

  /// Lists a directory, marking folders with a trailing `/`.
  public static let listDirectory: @Sendable (String) -> [String] = { path in
    let expanded = NSString(string: path).expandingTildeInPath
    let names = (try? FileManager.default.contentsOfDirectory(atPath: expanded)) ?? []
    return names.map { name in
      var isDirectory: ObjCBool = false
      FileManager.default.fileExists(
        atPath: (expanded as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
      return isDirectory.boolValue ? name + "/" : name
    }
  }
}
