import ArgumentParser
import Foundation
import L360Client
import L360JSON
import L360Language
import L360Shell

/// Runs a script the way `l360 run`, `l360 -c` and `l360 < file` do: parse and check everything first (a syntax
/// error, or anything `l360 check` finds, runs nothing), then execute, printing located errors and exiting with the
/// documented codes (0 ok, 1 failure, 2 usage, 3 assertion, 130 interrupted).
enum ScriptRunner {
  static func run(
    _ source: SourceFile, settings: ConnectionSettings, options: Options, variables: [String: Value],
    report reportPath: String? = nil
  ) async throws {
    let report = reportPath.map { RunReport(path: $0, scriptName: source.name) }
    let script: Script
    do {
      script = try Parser.parse(source)
    } catch {
      Output.error(error.description)
      report?.write(exitCode: error.kind.exitCode, error: error)
      throw ExitCode(error.kind.exitCode)
    }
    // What `l360 check` finds for certain (a statement that fits none of its command's forms, an unknown key, a
    // variable never bound, a missing input file) would stop the run part way, after earlier statements were sent:
    // it stops it before the first. What a branch or a try may never reach is left to the run.
    let problems = StaticChecker.certainProblems(script, predefined: Set(variables.keys))
    if let first = problems.first {
      Output.problems(problems, in: source.name, " before running; nothing was sent")
      report?.write(exitCode: first.kind.exitCode, error: first)
      throw ExitCode(first.kind.exitCode)
    }
    let host = ConsoleHost(
      settings: settings, progressLine: ProgressLine(terminal: isatty(STDERR_FILENO) == 1, quiet: options.quiet))
    let interpreter = Interpreter(host: host, options: options, variables: variables)
    if let report {
      interpreter.onCommand = { report.add($0) }
      interpreter.onCaught = { report.caught($0) }
    }
    let task = Task { try await interpreter.run(script) }
    let interrupt = InterruptWatcher { task.cancel() }
    let result = await task.result
    interrupt.stop()
    if let summary = await retrySummary(interpreter) { Output.error(summary) }
    await host.shutdown()
    if case .failure(let failure) = result {
      let error = failure as? ScriptError ?? ScriptError("\(failure)")
      // `exit 0` says nothing: an empty message is not a line to print.
      if !error.description.isEmpty { Output.error(error.description) }
      let isFailure: Bool
      if case .exit(0) = error.kind { isFailure = false } else { isFailure = true }
      report?.write(exitCode: error.kind.exitCode, error: isFailure ? error : nil)
      throw ExitCode(error.kind.exitCode)
    }
    report?.write(exitCode: 0, error: nil)
  }

  /// "l360: 120 requests, 7 retried (HTTP 503: 4, tooManyRequests: 3)", when anything was retried.
  static func retrySummary(_ interpreter: Interpreter) async -> String? {
    guard let statistics = await interpreter.connection?.client.statistics, statistics.totalRetries > 0 else {
      return nil
    }
    let reasons = statistics.retries.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
      .map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    return "l360: \(statistics.requests) requests, \(statistics.totalRetries) retried (\(reasons))"
  }

  /// Parses `--var NAME=VALUE`: the value is JSON when it parses as JSON, else a string.
  static func variables(_ pairs: [String]) throws -> [String: Value] {
    var result: [String: Value] = [:]
    for pair in pairs {
      guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
        throw ValidationError("--var takes NAME=VALUE, got '\(pair)'")
      }
      let name = String(pair[..<equals])
      guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), name.first?.isNumber == false else {
        throw ValidationError("--var name '\(name)' must be letters, digits and _, and not start with a digit")
      }
      let text = String(pair[pair.index(after: equals)...])
      result[name] = (try? JSONParser.parse(text)).map(Value.init) ?? .string(text)
    }
    return result
  }
}

/// Cancels the running script on SIGINT, so an `await` stops polling and the exit code is 130.
final class InterruptWatcher: @unchecked Sendable {
  private let source: any DispatchSourceSignal

  init(_ onInterrupt: @escaping @Sendable () -> Void) {
    signal(SIGINT, SIG_IGN)
    source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler(handler: onInterrupt)
    source.resume()
  }

  func stop() {
    source.cancel()
    signal(SIGINT, SIG_DFL)
  }
}
