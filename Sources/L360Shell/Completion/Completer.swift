import Foundation
import L360Client
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
/// Everything it offers comes from the command declarations: command words and subcommands, the next word of
/// each form that fits what is typed (`from`, `into`, `course`, a file, a variable), the `key=` names of the
/// command and the values of keys with a fixed set; also `$variables` and their fields, `set` options and `help`
/// topics.
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
    if let query = queryCandidates(before: before, wordStart: wordStart, context: context) { return query }
    // The statement being typed: after the last `;` or `{`.
    let statementStart =
      before[..<wordStart].lastIndex { $0 == ";" || $0 == "{" }.map { before.index(after: $0) } ?? before.startIndex
    var words = before[statementStart..<wordStart].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    if words.first == "let", words.count >= 3, words[2] == "=" { words.removeFirst(3) }

    if word.hasPrefix("$") { return variableCandidates(word, context) }
    guard let command = words.first else {
      return (CommandTable.names + Parser.keywords.sorted() + metaCommands).filter { $0.hasPrefix(word) }.sorted()
    }
    switch command {
    case "help":
      let topics =
        words.count == 1
        ? CommandTable.names + ["language", "keys"]
        : CommandTable.declarations(named: words[1]).compactMap { $0.words.dropFirst().first }
      return topics.filter { $0.hasPrefix(word) }.sorted()
    case "set":
      return words.count == 1 ? Options.names.filter { $0.hasPrefix(word) } : []
    case "source", "save-script":
      return fileCandidates(word, context)
    case "request" where words.count == 2 && !word.contains("="):
      // The path, one segment at a time; an id slot offers the ids the session holds.
      return OperationIndex.completions(method: words[1].uppercased(), typed: word, ids: idCandidates(context))
    default: break
    }
    let family = CommandTable.declarations(named: command)
    guard !family.isEmpty else { return [] }
    let declaration: CommandDeclaration
    var positionals = words.dropFirst().filter { !$0.contains("=") }
    if family.count == 1, family[0].words.count == 1 {
      declaration = family[0]
    } else if let sub = positionals.first, let found = family.first(where: { $0.words.last == sub }) {
      declaration = found
      positionals.removeFirst()
    } else {
      return family.compactMap { $0.words.dropFirst().first }.filter { $0.hasPrefix(word) }
    }

    if let equals = word.firstIndex(of: "=") {
      let key = String(word[..<equals])
      let typed = String(word[word.index(after: equals)...])
      guard let kind = declaration.allKeys.first(where: { $0.name == key })?.kind else { return [] }
      return valueCandidates(typed, kind, context).map { "\(key)=\($0)" }
    }
    var offered: [String] = []
    for form in declaration.forms {
      guard let slot = nextSlot(of: form, after: Array(positionals)) else { continue }
      switch slot {
      case .word(let literal): offered.append(literal)
      case .value(_, let kind), .values(_, let kind):
        offered += valueCandidates(word, kind, context).filter { !$0.hasPrefix("$") || word.hasPrefix("$") }
      }
    }
    let usedKeys = Set(words.compactMap { w in w.firstIndex(of: "=").map { String(w[..<$0]) } })
    offered += declaration.allKeys.map(\.name).filter { !usedKeys.contains($0) }.map { "\($0)=" }
    return Set(offered.filter { $0.hasPrefix(word) || $0.hasPrefix("\"" + word) }).sorted()
  }

  /// The slot a form expects after the positional words typed so far, or nil when they do not fit it.
  static func nextSlot(of form: Form, after typed: [String]) -> Slot? {
    var index = 0
    for word in typed {
      guard index < form.slots.count else { return nil }
      switch form.slots[index] {
      case .word(let literal):
        guard word == literal else { return nil }
        index += 1
      case .value: index += 1
      case .values:
        // Stays on a list of values until the next literal word of the form is typed.
        if index + 1 < form.slots.count, case .word(let literal) = form.slots[index + 1], word == literal {
          index += 2
        }
      }
    }
    guard index < form.slots.count else { return nil }
    if case .values = form.slots[index], index + 1 < form.slots.count, !typed.isEmpty {
      return form.slots[index + 1]
    }
    return form.slots[index]
  }

  /// What may be typed for a value of `kind`: its fixed values, file names, or variables.
  static func valueCandidates(_ typed: String, _ kind: ValueKind, _ context: CompletionContext) -> [String] {
    if typed.hasPrefix("$") { return variableCandidates(typed, context) }
    if let values = kind.fixedValues { return values.filter { $0.hasPrefix(typed) } }
    switch kind {
    case .inputFile, .outputFile: return fileCandidates(typed, context)
    default: return []
    }
  }

  /// The ids the session's variables hold: 24-hexadecimal strings, and objects' `_id`.
  static func idCandidates(_ context: CompletionContext) -> [String] {
    let isId = L360Schema.isObjectId
    var ids = Set<String>()
    for value in context.variables.values {
      switch value {
      case .string(let text) where isId(text): ids.insert(text)
      case .object(let members):
        if case .string(let id)? = members["_id"], isId(id) { ids.insert(id) }
      default: break
      }
    }
    return ids.sorted()
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
    case .job(let job): fields = job.names
    default: return []
    }
    let stem = "$" + parts.dropLast().joined(separator: ".") + "."
    let last = parts.last ?? ""
    return fields.filter { $0.hasPrefix(last) }.map { stem + quotedIfNeeded($0) }
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
      .sorted().map { quotedIfNeeded(directory + $0) }
  }

  /// A name with a space or a quote cannot be typed bare: it is offered as a quoted string.
  static func quotedIfNeeded(_ name: String) -> String {
    guard name.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }) else { return name }
    return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
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
