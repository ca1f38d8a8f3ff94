import Foundation
import L360Client
import L360JSON
import OrderedCollections

/// `await` gave up waiting; the operation keeps running on the server.
struct AwaitTimeout: Error {}

/// `await JOB [timeout=] [every=]`, or a list of jobs: polls until each operation ends, then fetches every result.
struct AwaitCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["await"], forms: [Form(.value("job", .expression))],
    keys: [
      KeyDeclaration("timeout", .duration, "give up waiting after this long (the job keeps running)"),
      KeyDeclaration("every", .duration, "poll at this fixed interval"),
    ],
    effect: .reads,
    summary:
      "Poll a job (or a list of jobs) until completed or error, then fetch every per-item result; an operation id, a Location, or a request result that carries one is awaited as a job.",
    example: "await $job timeout=10m",
    setup: IntegrationSettings.exampleSetup + "\nlet job = courses upsert from courses.json into $i")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let target = try await arguments.value("job") ?? .null
    // A job, or anything that names an operation (an id, a Location, a request's answer), or a list of them.
    func job(_ value: Value) async throws -> Job {
      if case .job(let job) = value { return job }
      // In a dry run a bulk `request` was printed, not sent (its status is 0): there is nothing on the server to
      // await, as for a bulk command's job, and the script goes on.
      if context.options.dryRun, case .object(let answer) = value, answer["status"] == .number(JSONNumber(0)) {
        return Job(type: "the request", total: 0, handles: [], dryRun: true)
      }
      switch OperationReference.id(in: value) {
      case .success(let id): return try await OperationReference.attach(id, context)
      case .failure(let refusal):
        throw arguments.fail(
          "await needs a job (the value of courses upsert, catalog remove, jobs get...) or a bulk operation's id or Location: \(refusal.reason)",
          at: "job")
      }
    }
    var jobs: [Job] = []
    var awaited = target
    if case .list(let elements) = target {
      for element in elements { jobs.append(try await job(element)) }
      awaited = .list(jobs.map(Value.job))
    } else {
      let one = try await job(target)
      jobs = [one]
      awaited = .job(one)
    }
    let timeout = try await arguments.duration("timeout") ?? context.options.timeout
    let every = try await arguments.duration("every") ?? context.options.pollInterval
    let schedule = every.map(PollSchedule.fixed)

    for job in jobs where job.dryRun {
      let what = job.total > 0 ? "\(job.type) with \(plural(job.total, "item"))" : job.type
      context.host.note("dry-run: \(what) was not submitted; nothing to await")
    }
    let live = jobs.filter { !$0.dryRun }
    guard !live.isEmpty else { return awaited }
    let client = try await context.client()
    let host = context.host
    do {
      try await Self.withDeadline(timeout, on: client.configuration.clock) {
        for job in live.flatMap(\.leaves) {
          for handle in job.pending {
            let done = job.handles.prefix { $0 != handle }.reduce(0) { $0 + $1.itemCount }
            let outcome = try await client.awaitJob(handle, schedule: schedule) { operation in
              let index = operation.isFinished ? handle.itemCount : (operation.progressIndex.map { $0 + 1 } ?? 0)
              host.progress(job, operation, processed: done + min(index, handle.itemCount))
            }
            job.finish(handle, outcome)
          }
        }
      }
    } catch is AwaitTimeout {
      let ids = live.flatMap(\.leaves).flatMap(\.pending).map(\.id)
      throw ScriptError(
        "await timed out after \(DurationValue.format(timeout ?? .zero)); the job keeps running on the server",
        kind: .runtime, source: context.source, range: context.range,
        notes: ids.map { "operation \($0): 'await' it again, or 'jobs get \($0)' later" })
    } catch is CancellationError {
      let ids = live.flatMap(\.leaves).flatMap(\.pending).map(\.id)
      // A script's job is journaled: running the script again with --resume re-attaches it without sending it again.
      let again =
        live.flatMap(\.leaves).contains { $0.journal != nil }
        ? "run the script again with --resume to re-attach" : "'await' it again to re-attach"
      host.note("await stopped; the job keeps running on the server (\(ids.joined(separator: ", "))). \(again).")
      throw CancellationError()
    }
    try verdict(on: live.flatMap(\.leaves), context)
    return awaited
  }

  /// A scheduler must be able to tell: an operation that ended in `error` fails the await (exit 1, or the `catch` of
  /// a `try`); items that failed one by one are a line on standard error, and fail it only with `--strict`.
  /// Either way every item's outcome stays in the job (`$job.errors`), for the catch block or the next statement.
  static func verdict(on jobs: [Job], _ context: CommandContext) throws {
    let errored = jobs.flatMap(\.erroredOperations)
    let failed = jobs.reduce(0) { $0 + $1.failed }
    let total = jobs.reduce(0) { $0 + $1.total }
    let operations = jobs.reduce(0) { $0 + $1.handles.count }
    // The job variable awaited (`await $job`), if any: it holds every outcome whether the await fails or not.
    let positional = context.matched.call.arguments.filter { $0.key == nil }
    var awaitedVariable: String?
    var awaitedOther: String?
    if positional.count == 1, case .variable(let name, _) = positional[0].value {
      if case .job? = context.interpreter.variables[name] { awaitedVariable = "$" + name } else { awaitedOther = name }
    }
    let handling =
      awaitedVariable.map {
        "every item's outcome is in \($0).errors; to handle it in the script: try { await \($0) } catch e { ... }"
      }
      ?? "every item's outcome is in the job; to handle it in the script, take the job first (let job = jobs get \(awaitedOther.map { "$" + $0 } ?? "ID")), then: try { await $job } catch e { ... }"
    if !errored.isEmpty {
      let notes = errored.map {
        "operation \($0.id): \($0.message.isEmpty ? "no message from the server" : $0.message)"
      }
      throw ScriptError(
        "await: \(errored.count) of \(plural(operations, "operation")) ended in error on the server; \(failed) of \(plural(total, "item")) failed or were not processed",
        kind: .runtime, source: context.source, range: context.range, notes: notes + [handling])
    }
    guard failed > 0 else { return }
    let line = "\(failed) of \(plural(total, "item")) failed"
    if context.options.strict {
      throw ScriptError(
        "await: \(line) (--strict)", kind: .runtime, source: context.source, range: context.range, notes: [handling])
    }
    // Where the job can be read next: the variable the statement binds, the job variable awaited, or `$_`.
    let place = context.boundName == nil ? awaitedVariable ?? context.valueName : context.valueName
    context.host.note(
      "await: \(line); their inputs and errors are in \(place).errors (--strict makes this fail the run)")
  }

  /// Runs `body`, failing with ``AwaitTimeout`` when `limit` passes first.
  static func withDeadline(
    _ limit: Duration?, on clock: any ClientClock, _ body: @escaping @Sendable () async throws -> Void
  ) async throws {
    guard let limit else { return try await body() }
    try await withThrowingTaskGroup(of: Bool.self) { group in
      group.addTask {
        try await body()
        return true
      }
      group.addTask {
        try await clock.sleep(for: limit)
        return false
      }
      let finished = try await group.next() ?? false
      group.cancelAll()
      if !finished { throw AwaitTimeout() }
    }
  }
}
