import L360Schema

/// A statement matched to its command: which form fits, which arguments fill which slot, which keys are given.
struct MatchedCommand {
  /// The command's type.
  let command: any LanguageCommand.Type
  /// The statement.
  let call: CommandCall
  /// The source it is in.
  let source: SourceFile
  /// The arguments of each value slot, by slot name (several for a `values` slot).
  let slots: [String: [CommandArgument]]
  /// The `key=value` arguments by key.
  let keys: [String: CommandArgument]

  var declaration: CommandDeclaration { command.declaration }

  /// A usage error at `range` (the whole statement by default), with the form's usage line.
  func fail(_ message: String, _ range: SourceRange? = nil) -> ScriptError {
    CommandMatcher.usageError(message, declaration, source, range ?? call.range)
  }
}

/// Turns a statement into a ``MatchedCommand``, or a located usage error: the one matcher behind a run, `check`
/// and completion, so all three read a statement the same way.
enum CommandMatcher {
  /// The command `call` names (by its words alone, before its arguments are matched), or nil.
  static func command(named call: CommandCall) -> (any LanguageCommand.Type)? {
    let candidates = CommandTable.commands(named: call.name)
    if let single = candidates.first, candidates.count == 1, single.declaration.words.count == 1 { return single }
    guard case .word(let sub, _)? = call.arguments.first(where: { $0.key == nil })?.value else { return nil }
    return candidates.first { $0.declaration.words.dropFirst().first == sub }
  }

  /// Matches `call` against the command table.
  static func match(_ call: CommandCall, _ source: SourceFile) throws(ScriptError) -> MatchedCommand {
    var positionals = call.arguments.filter { $0.key == nil }
    guard let command = command(named: call) else {
      let subcommands = CommandTable.commands(named: call.name).compactMap { $0.declaration.words.dropFirst().first }
      guard case .word(let sub, let range)? = positionals.first?.value else {
        throw ScriptError(
          "'\(call.name)' needs a subcommand: \(subcommands.joined(separator: ", "))", kind: .usage, source: source,
          range: call.nameRange)
      }
      let hint = closest(to: sub, among: subcommands).map { " (did you mean '\($0)'?)" } ?? ""
      throw ScriptError(
        "unknown subcommand '\(call.name) \(sub)'\(hint); try: \(subcommands.joined(separator: ", "))", kind: .usage,
        source: source, range: range)
    }
    // The subcommand is a positional word of the statement, not an argument of the command.
    if command.declaration.words.count > 1 { positionals.removeFirst() }
    let declaration = command.declaration
    let keys = try matchKeys(call, declaration, source)

    var best: (progress: Double, message: String, range: SourceRange)?
    for form in declaration.forms {
      switch bind(positionals, to: form, declaration, call) {
      case .success(let slots):
        return MatchedCommand(
          command: command, call: call, source: source, slots: slots, keys: keys)
      case .failure(let miss):
        if best.map({ miss.progress > $0.progress }) ?? true { best = (miss.progress, miss.message, miss.range) }
      }
    }
    let miss = best ?? (0, "\(declaration.name) does not take these arguments", call.range)
    throw usageError(miss.message, declaration, source, miss.range)
  }

  static func usageError(
    _ message: String, _ declaration: CommandDeclaration, _ source: SourceFile, _ range: SourceRange
  )
    -> ScriptError
  {
    let lines = declaration.usageLines
    let usage = lines.count == 1 ? "  usage: \(lines[0])" : "  usage: " + lines.joined(separator: "\n       | ")
    return ScriptError(message + "\n" + usage, kind: .usage, source: source, range: range)
  }

  /// The keys given, each known to the command and given once; every required key present.
  static func matchKeys(_ call: CommandCall, _ declaration: CommandDeclaration, _ source: SourceFile)
    throws(ScriptError) -> [String: CommandArgument]
  {
    let declared = declaration.allKeys
    var keyed: [String: CommandArgument] = [:]
    for argument in call.arguments {
      guard let key = argument.key, let keyRange = argument.keyRange else { continue }
      guard let spec = declared.first(where: { $0.name == key }) else {
        let names = declared.map(\.name)
        let hint = closest(to: key, among: names).map { " (did you mean '\($0)'?)" } ?? ""
        let accepted = names.isEmpty ? "it takes no key=value arguments" : "keys: \(names.joined(separator: ", "))"
        throw usageError(
          "unknown key '\(key)' for \(declaration.name)\(hint); \(accepted)", declaration, source, keyRange)
      }
      guard keyed[key] == nil else { throw usageError("'\(key)=' is given twice", declaration, source, keyRange) }
      // A bare word is the value as written, so a word outside a fixed set is wrong before anything runs.
      if case .choice = spec.kind, case .word(let w, let r) = argument.value,
        let problem = spec.kind.problem(with: .string(w), as: key)
      {
        throw usageError(problem, declaration, source, r)
      }
      keyed[key] = argument
    }
    for key in declared where key.isRequired && keyed[key.name] == nil {
      throw usageError("\(declaration.name) needs \(key.name)=", declaration, source, call.range)
    }
    return keyed
  }

  struct Miss: Error {
    /// How far the form got before it failed (a literal word or a choice counts more than a value, which fits
    /// anything): the form that got furthest explains the error.
    var progress: Double
    var message: String
    var range: SourceRange
  }

  /// Binds positional arguments to a form's slots, or says where they stop fitting.
  static func bind(
    _ arguments: [CommandArgument], to form: Form, _ declaration: CommandDeclaration, _ call: CommandCall
  ) -> Result<[String: [CommandArgument]], Miss> {
    let reserved = declaration.literalWords
    var bound: [String: [CommandArgument]] = [:]
    var next = 0
    var progress = 0.0
    let end = SourceRange(call.range.end, call.range.end)
    func shown(_ argument: CommandArgument) -> String {
      if case .word(let w, _) = argument.value { return "'\(w)'" }
      return "an expression"
    }
    for (position, slot) in form.slots.enumerated() {
      defer {
        switch slot {
        case .word: progress += 2
        case .value(_, .choice), .values(_, .choice): progress += 2
        case .value, .values: progress += 1
        }
      }
      let after = position == 0 ? declaration.name : form.slots[position - 1].usage
      switch slot {
      case .word(let word):
        guard next < arguments.count else {
          return .failure(Miss(progress: progress, message: "expected '\(word)' after \(after)", range: end))
        }
        guard case .word(let w, _) = arguments[next].value, w == word else {
          return .failure(
            Miss(
              progress: progress, message: "expected '\(word)' after \(after), not \(shown(arguments[next]))",
              range: arguments[next].range))
        }
        next += 1
      case .value(let name, let kind), .values(let name, let kind):
        let isMany = if case .values = slot { true } else { false }
        // Every later slot takes exactly one argument, so a `values` slot takes what they leave.
        let count = isMany ? arguments.count - next - (form.slots.count - position - 1) : 1
        guard count >= 1, next < arguments.count else {
          return .failure(
            Miss(progress: progress, message: "expected \(slot.usage) after \(after)", range: end))
        }
        for argument in arguments[next..<(next + count)] {
          if case .word(let w, let r) = argument.value {
            if reserved.contains(w) {
              return .failure(
                Miss(progress: progress, message: "expected \(slot.usage) after \(after), not '\(w)'", range: r))
            }
            if case .choice(let values) = kind, let problem = kind.problem(with: .string(w), as: name) {
              // A near miss of a fixed word ("curse" for "course") says more than another form's leftovers.
              let near = closest(to: w, among: values) != nil
              return .failure(Miss(progress: progress + (near ? 1.5 : 0), message: problem, range: r))
            }
          }
        }
        bound[name] = Array(arguments[next..<(next + count)])
        next += count
      }
    }
    guard next == arguments.count else {
      let extra = arguments[next]
      return .failure(
        Miss(
          progress: progress,
          message: "unexpected \(shown(extra)) after \(declaration.name)"
            + (form.slots.isEmpty ? "" : " " + form.slots.map(\.usage).joined(separator: " ")),
          range: extra.range))
    }
    return .success(bound)
  }
}
