import Foundation
import L360JSON

/// `l360 check`: finds what would fail before anything runs, without sending a request.
///
/// It reports unknown commands, subcommands and keys (with a did-you-mean), arguments that fit none of a command's
/// forms (`courses get x from $i`), invalid enum values, literal values a run would refuse (`set output yaml`,
/// `group=123`, `progress=500`, `timeout=soon`), literal input files that are missing or unreadable, and variables
/// used before a `let` binds them.
public enum StaticChecker {
  /// Every problem found in `script`; empty when it is fine.
  public static func check(_ script: Script, predefined: Set<String> = []) -> [ScriptError] {
    var checker = Walker(source: script.source, defined: predefined.union(["_"]))
    checker.walk(script.statements)
    return checker.problems
  }

  /// The problems a run would certainly meet, so `l360 run` stops before its first statement: all of them but a
  /// missing input file or an unbound variable in a branch, a loop or a `try` (the run may never get there, or
  /// catch it), or after a `source` or a write to a computed path (which may create the file or bind the name).
  public static func certainProblems(_ script: Script, predefined: Set<String> = []) -> [ScriptError] {
    var checker = Walker(source: script.source, defined: predefined.union(["_"]))
    checker.walk(script.statements)
    return checker.problems.enumerated().filter { !checker.mayNotHappen.contains($0.offset) }.map(\.element)
  }

  struct Walker {
    let source: SourceFile
    var defined: Set<String>
    var problems: [ScriptError] = []
    /// After `source`, variables may come from the other file: stop reporting them.
    var sawSource = false
    /// Files an earlier statement writes (`save ... to FILE`): a later statement may read them.
    var written: Set<String> = []
    /// How many branches, loops and `try` blocks enclose the statement being checked.
    var guarded = 0
    /// True once a statement wrote to a path only known at run time: any file may exist after it.
    var sawComputedWrite = false
    /// The indexes in ``problems`` of those a run may never meet (see ``StaticChecker/certainProblems``).
    var mayNotHappen: Set<Int> = []

    /// Records a problem that only a run reaching it, with no file or name created meanwhile, would meet.
    mutating func reportConditional(_ problem: ScriptError, since created: Bool) {
      if guarded > 0 || created { mayNotHappen.insert(problems.count) }
      problems.append(problem)
    }

    mutating func walk(_ statements: [Statement]) {
      for statement in statements { walk(statement) }
    }

    mutating func walk(_ statement: Statement) {
      switch statement {
      case .command(let call): command(call)
      case .expression(let e): expression(e)
      case .bind(let name, _, let value, _):
        switch value {
        case .expression(let e): expression(e)
        case .command(let call): command(call)
        case .pipeline(let p): pipeline(p)
        }
        defined.insert(name)
      case .pipeline(let p): pipeline(p)
      case .print(let es, _): es.forEach { expression($0) }
      case .assert(let c, let m, _):
        expression(c)
        if let m { expression(m) }
      case .conditional(let branches, let otherwise, _):
        guarded += 1
        defer { guarded -= 1 }
        for branch in branches {
          expression(branch.condition)
          walk(branch.body)
        }
        walk(otherwise ?? [])
      case .loop(let name, let sequence, let body, _):
        expression(sequence)
        defined.insert(name)
        guarded += 1
        defer { guarded -= 1 }
        walk(body)
      case .set(let option, let range, let value, _):
        if !Options.names.contains(option) {
          problems.append(
            ScriptError(
              "unknown option '\(option)'; options: \(Options.names.joined(separator: ", "))", kind: .usage,
              source: source,
              range: range))
        } else if let literal = Self.literal(value) {
          // The same rule a run applies, so `check` finds `set output yaml` before a run stops on it.
          var scratch = Options()
          do {
            try scratch.set(option, to: literal)
          } catch {
            problems.append(ScriptError(error.message, kind: .usage, source: source, range: value.range))
          }
        }
        expression(value)
      case .source(let e, _):
        expression(e)
        sawSource = true
      case .attempt(let body, let name, let handler, _):
        guarded += 1
        defer { guarded -= 1 }
        walk(body)
        defined.insert(name)
        walk(handler)
      case .exit(let code, let message, _):
        // The rule a run applies (ValueRules.exitCode), found before it runs.
        if let literal = Self.literal(code) {
          do { _ = try ValueRules.exitCode(literal) } catch {
            problems.append(ScriptError(error.message, kind: .usage, source: source, range: code.range))
          }
        }
        expression(code)
        if let message { expression(message) }
      }
    }

    /// A pipeline's source, then its stages; inside `where`, the row's fields are defined.
    mutating func pipeline(_ p: Pipeline) {
      switch p.source {
      case .expression(let e): expression(e)
      case .command(let call): command(call)
      case .pipeline(let inner): pipeline(inner)
      }
      let had = defined.contains(Interpreter.rowVariable)
      defined.insert(Interpreter.rowVariable)
      for stage in p.stages {
        switch stage {
        case .filter(let condition, _): expression(condition)
        case .first(let count, _): expression(count)
        case .select, .sort: break
        }
      }
      if !had { defined.remove(Interpreter.rowVariable) }
    }

    mutating func command(_ call: CommandCall) {
      do {
        let matched = try CommandMatcher.match(call, source)
        // A write to a path only known at run time may create any file a later statement reads.
        for (name, arguments) in matched.slots where Arguments.kind(name, in: matched.declaration) == .outputFile {
          if arguments.contains(where: { Self.literal($0.value) == nil }) { sawComputedWrite = true }
        }
        for (name, argument) in matched.keys where Arguments.kind(name, in: matched.declaration) == .outputFile {
          if Self.literal(argument.value) == nil { sawComputedWrite = true }
        }
        // Each literal argument against its declared kind: the rule a run applies, found before it runs.
        for (name, arguments) in matched.slots {
          for argument in arguments { literal(argument, as: Arguments.kind(name, in: matched.declaration), name) }
        }
        for (name, argument) in matched.keys {
          literal(argument, as: Arguments.kind(name, in: matched.declaration), name)
        }
      } catch {
        problems.append(error)
        // The statement does not fit, but the keys it names may still be judged on their own.
        if let declaration = CommandMatcher.command(named: call)?.declaration {
          for argument in call.arguments {
            guard let key = argument.key, let spec = declaration.allKeys.first(where: { $0.name == key }),
              argument.value.range != error.range
            else { continue }
            literal(argument, as: spec.kind, key)
          }
        }
      }
      for argument in call.arguments { expression(argument.value) }
    }

    /// Reports a literal that a run would refuse, and a literal input file that is missing or unreadable.
    mutating func literal(_ argument: CommandArgument, as kind: ValueKind, _ name: String) {
      guard let value = Self.literal(argument.value) else { return }
      if let problem = kind.problem(with: value, as: name) {
        problems.append(ScriptError(problem, kind: .usage, source: source, range: argument.value.range))
      } else if kind == .outputFile, let file = ValueKind.text(value) {
        written.insert(Interpreter.resolve(file, relativeTo: source))
      } else if kind == .inputFile, let file = ValueKind.text(value),
        case let path = Interpreter.resolve(file, relativeTo: source), !written.contains(path)
      {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if !exists || isFolder.boolValue || !FileManager.default.isReadableFile(atPath: path) {
          reportConditional(
            ScriptError(
              "cannot read \(file): \(whyUnreadable(path))", kind: .usage, source: source, range: argument.value.range),
            since: sawSource || sawComputedWrite)
        }
      }
    }

    /// The value of an expression that is written out in full (a literal, a bare word, a string without `$`).
    static func literal(_ e: Expression) -> Value? {
      switch e {
      case .literal(let json, _): return Value(json)
      case .word(let w, _): return .string(w)
      case .string(let parts, _):
        var text = ""
        for part in parts {
          guard case .text(let t) = part else { return nil }
          text += t
        }
        return .string(text)
      default: return nil
      }
    }

    mutating func expression(_ e: Expression) {
      switch e {
      case .literal, .word: break
      case .string(let parts, _):
        for case .expression(let inner) in parts { expression(inner) }
      case .variable(let name, let range):
        if !defined.contains(name) && !sawSource {
          reportConditional(
            ScriptError(
              "$\(name) is used before it is defined; bind it with 'let \(name) = ...' first", kind: .usage,
              source: source, range: range), since: false)
        }
      case .member(let base, _, _), .optionalMember(let base, _, _): expression(base)
      case .index(let base, let index, _):
        expression(base)
        expression(index)
      case .list(let es, _): es.forEach { expression($0) }
      case .object(let members, _): members.forEach { expression($0.value) }
      case .call(_, let args, _): args.forEach { expression($0) }
      case .not(let inner, _): expression(inner)
      case .binary(_, let l, let r, _):
        expression(l)
        expression(r)
      case .piped(let p): pipeline(p)
      }
    }
  }
}
