import Foundation
import L360Client
import L360JSON
import L360Schema
import OrderedCollections

/// Runs l360 statements: the same for scripts, the prompt and tutorials.
///
/// Holds the variables, the `set` options and the connection. One statement runs at a time: the
/// prompt and the script runner hand it to one task and wait for that task before the next
/// statement, which is why it may cross into that task (`@unchecked Sendable`).
public final class Interpreter: @unchecked Sendable {
  /// Variables in the order they were first bound; `$_` holds the last shown result.
  public internal(set) var variables: OrderedDictionary<String, Value> = [:]
  /// The options `set` changes.
  public var options: Options
  /// Client secrets this session has used (`connect ... client-secret=`), so the prompt can keep
  /// them out of `vars`, saved scripts and history.
  public private(set) var secrets: Set<String> = []
  /// Told of every command run, as it ends (a report of the run, `--report`); nil tells no one.
  public var onCommand: (@Sendable (CommandRecord) -> Void)?
  /// Told of every failure a `try` caught, after ``onCommand`` reported it (a report then counts it as handled).
  public var onCaught: (@Sendable (ScriptError) -> Void)?
  /// The current connection, once one is open.
  public private(set) var connection: Connection?
  let host: any InterpreterHost
  var sourceStack: [String] = []
  /// Sends bulk statements; it keeps what each statement run needs to have a journal of its own.
  let bulk = BulkSubmitter()

  /// Makes an interpreter with predefined variables (`--var NAME=VALUE`).
  public init(host: any InterpreterHost, options: Options = Options(), variables: [String: Value] = [:]) {
    self.host = host
    self.options = options
    for (name, value) in variables.sorted(by: { $0.key < $1.key }) { self.variables[name] = value }
  }

  /// Runs every statement of a script, stopping at the first error.
  public func run(_ script: Script) async throws(ScriptError) {
    if let path = script.source.path { sourceStack.append(Self.canonical(path)) }
    defer { if script.source.path != nil { sourceStack.removeLast() } }
    for statement in script.statements {
      try await execute(statement, script.source)
    }
  }

  /// Runs already-parsed statements of `source` (a tutorial's steps, one at a time).
  public func run(_ statements: [Statement], in source: SourceFile) async throws(ScriptError) {
    for statement in statements { try await execute(statement, source) }
  }

  /// Parses and runs text typed at a prompt or given with `-c`.
  public func run(text: String, name: String) async throws(ScriptError) {
    try await run(try Parser.parse(SourceFile(name: name, text: text)))
  }

  // MARK: - Statements

  func execute(_ statement: Statement, _ source: SourceFile) async throws(ScriptError) {
    do {
      try Task.checkCancellation()
      try await executeUnlocated(statement, source)
    } catch let error as ScriptError {
      throw error
    } catch is CancellationError {
      throw ScriptError("interrupted", kind: .interrupted, source: source, range: statement.range)
    } catch {
      throw Self.scriptError(error, source, statement.range)
    }
  }

  /// Runs one command: matched to its declaration, then run with a context whose client follows its effect.
  func runCommand(_ call: CommandCall, _ source: SourceFile, boundTo name: String? = nil) async throws -> Value {
    let started = Date()
    let clock = ContinuousClock()
    let start = clock.now
    do {
      let matched = try CommandMatcher.match(call, source)
      let context = CommandContext(interpreter: self, matched: matched, boundName: name)
      let value = try await matched.command.run(context.arguments, in: context)
      onCommand?(CommandRecord(call, source, started: started, duration: clock.now - start, failure: nil, value: value))
      return value
    } catch {
      let located = Self.scriptError(error, source, call.range)
      onCommand?(
        CommandRecord(call, source, started: started, duration: clock.now - start, failure: located, value: nil))
      throw located
    }
  }

  static func scriptError(_ error: any Error, _ source: SourceFile, _ range: SourceRange) -> ScriptError {
    switch error {
    case let error as ScriptError: return error.located(source, range)
    case let error as InputValidationError:
      return ScriptError(
        "\(error.operation): invalid input, nothing was sent", kind: .usage, source: source, range: range,
        notes: error.problems)
    case let error as ConfigurationError: return ScriptError(error.message, kind: .usage, source: source, range: range)
    case let error as APIError:
      var located = ScriptError("\(error)", kind: .runtime, source: source, range: range)
      located.code = error.code
      located.status = error.status
      return located
    case is CancellationError: return ScriptError("interrupted", kind: .interrupted, source: source, range: range)
    default: return ScriptError("\(error)", kind: .runtime, source: source, range: range)
    }
  }

  func executeUnlocated(_ statement: Statement, _ source: SourceFile) async throws {
    switch statement {
    case .command(let call):
      let value = try await runCommand(call, source)
      show(value)
    case .expression(let expression):
      show(try await evaluate(expression, source))
    case .pipeline(let pipeline):
      show(try await run(pipeline, source))
    case .bind(let name, _, let bound, _):
      let value: Value =
        switch bound {
        case .expression(let e): try await evaluate(e, source)
        case .command(let call): try await runCommand(call, source, boundTo: name)
        case .pipeline(let pipeline): try await run(pipeline, source)
        }
      variables[name] = value
    case .print(let expressions, _):
      var parts: [String] = []
      for e in expressions { parts.append(try await evaluate(e, source).displayText) }
      let text = parts.joined(separator: " ")
      // With --output json every line of standard output is one JSON value, so a pipe into jq never breaks.
      host.output(options.output == .json ? JSONWriter.compact(.string(text)) : text)
    case .assert(let condition, let message, let range):
      try await assertion(condition, message, range, source)
    case .conditional(let branches, let otherwise, _):
      for branch in branches where try await evaluate(branch.condition, source).isTruthy {
        for s in branch.body { try await execute(s, source) }
        return
      }
      for s in otherwise ?? [] { try await execute(s, source) }
    case .loop(let name, let sequence, let body, _):
      let collection = try await evaluate(sequence, source)
      let elements: [Value]
      switch collection {
      case .list(let l): elements = l
      case .object(let o): elements = o.keys.map { .string($0) }
      default:
        throw ScriptError(
          "'for' needs a list or an object, not \(collection.typeName)", source: source, range: sequence.range)
      }
      for element in elements {
        variables[name] = element
        for s in body { try await execute(s, source) }
      }
    case .set(let option, let optionRange, let valueExpression, _):
      try await setOption(option, optionRange, valueExpression, source)
    case .attempt(let body, let name, let handler, _):
      var caught: ScriptError?
      do {
        for s in body { try await execute(s, source) }
      } catch {
        guard error.isCatchable else { throw error }
        caught = error
      }
      if let caught {
        onCaught?(caught)
        variables[name] = caught.value
        for s in handler { try await execute(s, source) }
      }
    case .exit(let codeExpression, let messageExpression, _):
      let code: Int32
      do {
        code = try ValueRules.exitCode(try await evaluate(codeExpression, source))
      } catch let error as ValueRuleError {
        throw ScriptError(error.message, kind: .usage, source: source, range: codeExpression.range)
      }
      var message = ""
      if let messageExpression { message = try await evaluate(messageExpression, source).displayText }
      throw ScriptError(message, kind: .exit(code), source: source, range: codeExpression.range)
    case .source(let pathExpression, let range):
      let value = try await evaluate(pathExpression, source)
      guard case .string(let path) = value else {
        throw ScriptError("'source' needs a file name", kind: .usage, source: source, range: pathExpression.range)
      }
      let resolved = resolvePath(path, relativeTo: source)
      let canonical = Self.canonical(resolved)
      if sourceStack.contains(canonical) {
        throw ScriptError(
          "'source \(path)' would include a file that is already being run (an include cycle)", kind: .usage,
          source: source, range: range)
      }
      guard let data = FileManager.default.contents(atPath: resolved) else {
        throw ScriptError("cannot read \(resolved)", kind: .usage, source: source, range: pathExpression.range)
      }
      let included = SourceFile(name: path, text: String(decoding: data, as: UTF8.self), path: resolved)
      try await run(try Parser.parse(included))
    }
  }

  func assertion(_ condition: Expression, _ message: Expression?, _ range: SourceRange, _ source: SourceFile)
    async throws
  {
    if try await evaluate(condition, source).isTruthy { return }
    var text = "assertion failed"
    if let message { text += ": " + (try await evaluate(message, source).displayText) }
    var notes: [String] = []
    if case .binary(let op, let left, let right, _) = condition, op != "and", op != "or" {
      let l = try await evaluate(left, source)
      let r = try await evaluate(right, source)
      notes.append("left:  \(source.text(left.range.start..<left.range.end)) = \(JSONWriter.compact(l.json))")
      notes.append("right: \(source.text(right.range.start..<right.range.end)) = \(JSONWriter.compact(r.json))")
    } else {
      notes.append("\(source.text(condition.range.start..<condition.range.end)) is false")
    }
    let failure = ScriptError(text, kind: .assertion, source: source, range: condition.range, notes: notes)
    if options.dryRun {
      // Results do not exist in a dry run, so an assertion about them cannot be judged: say so, go on.
      host.note("dry-run: not checked, since nothing was sent:\n\(failure.description)")
      return
    }
    throw failure
  }

  func setOption(_ option: String, _ optionRange: SourceRange, _ valueExpression: Expression, _ source: SourceFile)
    async throws
  {
    guard Options.names.contains(option) else {
      let hint = closest(to: option, among: Options.names).map { " (did you mean '\($0)'?)" } ?? ""
      throw ScriptError(
        "unknown option '\(option)'\(hint); options: \(Options.names.joined(separator: ", "))", kind: .usage,
        source: source, range: optionRange)
    }
    let value = try await evaluate(valueExpression, source)
    do {
      try options.set(option, to: value)
    } catch {
      throw ScriptError(error.message, kind: .usage, source: source, range: valueExpression.range)
    }
    if option == "concurrency", let connection {
      await connection.client.setBulkOperationsInFlight(options.concurrency)
    }
  }

  /// Says what a command is doing (mapping decisions, steps, the requests a dry run would send): on stdout with
  /// text output, on stderr with `--output json`, so stdout stays one JSON document per line for jq.
  func narrate(_ line: String) {
    if options.output == .json { host.note(line) } else { host.output(line) }
  }

  /// Shows a command's or expression's value and keeps it in `$_`.
  func show(_ value: Value) {
    variables["_"] = value
    host.show(value, as: options.output)
  }

  // MARK: - Connection and paths

  func client() async throws -> V2Client {
    if let connection { return connection.client }
    let opened = try await host.defaultConnection()
    use(opened)
    await opened.client.setBulkOperationsInFlight(options.concurrency)
    return opened.client
  }

  func use(_ connection: Connection) { self.connection = connection }

  func rememberSecret(_ secret: String) {
    guard !secret.isEmpty else { return }
    secrets.insert(secret)
    KnownSecrets.register(secret)
  }

  func resolvePath(_ path: String, relativeTo source: SourceFile) -> String {
    Self.resolve(path, relativeTo: source)
  }

  /// A file name as a script means it: absolute, from the home folder (`~/`), or relative to the script's folder
  /// (the working directory for `-c`, stdin and the prompt).
  static func resolve(_ path: String, relativeTo source: SourceFile) -> String {
    if path.hasPrefix("/") { return path }
    if path.hasPrefix("~/") { return NSString(string: path).expandingTildeInPath }
    if let scriptPath = source.path {
      return (URL(fileURLWithPath: scriptPath).deletingLastPathComponent().appendingPathComponent(path)).path
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path).path
  }

  static func canonical(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
