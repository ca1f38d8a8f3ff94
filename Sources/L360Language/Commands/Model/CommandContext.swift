import Foundation
import L360Client
import L360JSON
import Synchronization

/// What a running command may use: its client (gated by its effect and the dry-run option), the options, the
/// host, bulk submission, and located errors.
///
/// One context serves one statement; it remembers whether that statement's destructive work was authorized, so
/// a bulk statement is asked about once, not once per chunk.
public final class CommandContext: @unchecked Sendable {
  let interpreter: Interpreter
  let matched: MatchedCommand
  /// The variable the statement binds its value to (`let job = ...`), for messages that point at the value.
  let boundName: String?
  private let authorized = Mutex(false)

  init(interpreter: Interpreter, matched: MatchedCommand, boundName: String? = nil) {
    self.interpreter = interpreter
    self.matched = matched
    self.boundName = boundName
  }

  /// Where the statement's value can be read after it: `$job` when it is bound to `job`, else `$_`.
  public var valueName: String { "$" + (boundName ?? "_") }

  /// The options in force (`set`, command-line flags).
  public var options: Options { interpreter.options }
  /// The program around the interpreter.
  public var host: any InterpreterHost { interpreter.host }
  /// The source of the statement.
  public var source: SourceFile { matched.source }
  /// Where the statement is.
  public var range: SourceRange { matched.call.range }
  /// The statement's declaration.
  public var declaration: CommandDeclaration { matched.declaration }

  /// The client for this statement: reads go out; writes are printed instead in a dry run, refused when the
  /// command declared it only reads, and authorized first when destructive.
  public func client() async throws -> V2Client {
    try await interpreter.client().gated(by: CommandGate(context: self))
  }

  /// Says what the command is doing (see ``Interpreter/narrate(_:)``).
  public func narrate(_ line: String) { interpreter.narrate(line) }

  /// A usage error at `range` (the statement by default), with the command's usage.
  public func fail(_ message: String, _ range: SourceRange? = nil) -> ScriptError { matched.fail(message, range) }

  /// A file name as the script means it: relative to the script's folder, or to the working directory.
  public func resolvePath(_ path: String) -> String { interpreter.resolvePath(path, relativeTo: source) }

  /// The bulk submitter, which owns chunking, journals and scheduling.
  var bulk: BulkSubmitter { interpreter.bulk }

  /// Refuses more than `max-delete` items and, on a real tenant, asks first (at the prompt) or requires `--yes`
  /// (in a script). Asked once per statement; nothing is sent when refused.
  public func authorizeDestructive(count: Int, what: String) async throws {
    if authorized.withLock({ $0 }) { return }
    var limit = options.maxDelete
    if let given = try await arguments.int("max-delete") { limit = given }
    if let limit, count > limit {
      throw ScriptError(
        "\(what) would touch \(plural(count, "item")), more than max-delete=\(limit); nothing was sent", kind: .usage,
        source: source, range: range)
    }
    defer { authorized.withLock { $0 = true } }
    guard !options.dryRun, !options.assumeYes else { return }
    _ = try await interpreter.client()
    guard let connection = interpreter.connection, !connection.isSandbox else { return }
    switch await host.confirm("\(what) will touch \(plural(count, "item")) on \(connection.name). Continue?") {
    case .yes: return
    case .no:
      throw ScriptError("\(what) cancelled; nothing was sent", kind: .cancelled, source: source, range: range)
    case .cannotAsk:
      throw ScriptError(
        "\(what) on \(connection.name) needs confirmation (\(plural(count, "item"))); nothing was sent. In a script, pass --yes",
        kind: .usage, source: source, range: range)
    }
  }

  /// The arguments, evaluated in the interpreter's variables.
  var arguments: Arguments {
    Arguments(
      matched: matched,
      evaluate: { [interpreter, source = matched.source] in
        try await interpreter.evaluate($0, source)
      })
  }
}

/// The gate every request of a command passes: the one place where dry runs and guardrails act on requests.
struct CommandGate: RequestGate {
  let context: CommandContext

  func admit(_ request: V2Request) async throws -> HTTPResponse? {
    guard request.isWrite else { return nil }
    let declaration = context.declaration
    switch declaration.effect {
    case .local, .reads:
      // A declaration that says "reads" must not write: refuse rather than let a mistake reach a tenant.
      throw ScriptError(
        "\(declaration.name) is declared to only read, but tried to send \(request.method) \(request.url.path); nothing was sent",
        kind: .runtime, source: context.source, range: context.range)
    case .writes:
      if request.isDestructive {
        throw ScriptError(
          "\(declaration.name) is not declared destructive, but tried to send DELETE \(request.url.path); nothing was sent",
          kind: .runtime, source: context.source, range: context.range)
      }
    case .destructive:
      if request.isDestructive {
        try await context.authorizeDestructive(count: request.itemCount ?? 1, what: request.operation)
      }
    }
    guard context.options.dryRun else { return nil }
    context.narrate("dry-run: would send \(request)")
    return request.dryRunAnswer
  }
}
