import Foundation
import L360Client
import L360JSON
import OrderedCollections

/// `await` gave up waiting; the operation keeps running on the server.
struct AwaitTimeout: Error {}

extension Interpreter {
  /// `await JOB [timeout=] [every=]`, or a list of jobs.
  func awaitCommand(_ invocation: CommandInvocation) async throws -> Value {
    guard invocation.positionals.count == 1 else { throw invocation.fail("await takes one job (or a list of jobs)") }
    let argument = invocation.positionals[0]
    let target = try await value(argument, invocation.source)
    var jobs: [Job] = []
    switch target {
    case .job(let j): jobs = [j]
    case .list(let l):
      for element in l {
        guard case .job(let j) = element else {
          throw invocation.fail("await needs jobs; the list holds a \(element.typeName)", argument.value.range)
        }
        jobs.append(j)
      }
    default:
      throw invocation.fail(
        "await needs a job (the value of courses upsert, catalog remove, jobs get...), not \(target.typeWithArticle)",
        argument.value.range)
    }
    let timeout = try await keyDuration(invocation, "timeout") ?? options.timeout
    let every = try await keyDuration(invocation, "every") ?? options.pollInterval
    let schedule = every.map(PollSchedule.fixed)

    for job in jobs where job.dryRun {
      host.note("dry-run: \(job.type) with \(plural(job.total, "item")) was not submitted; nothing to await")
    }
    let live = jobs.filter { !$0.dryRun }
    guard !live.isEmpty else { return target }
    let client = try await client()
    let host = self.host
    do {
      try await Self.withDeadline(timeout) {
        for job in live {
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
      let ids = live.flatMap(\.pending).map(\.id)
      throw ScriptError(
        "await timed out after \(DurationValue.format(timeout ?? .zero)); the job keeps running on the server",
        kind: .runtime, source: invocation.source, range: invocation.call.range,
        notes: ids.map { "operation \($0): 'await' it again, or 'jobs get \($0)' later" })
    } catch is CancellationError {
      let ids = live.flatMap(\.pending).map(\.id)
      host.note(
        "await stopped; the job keeps running on the server (\(ids.joined(separator: ", "))). 'await' it again to re-attach."
      )
      throw CancellationError()
    }
    return target
  }

  /// Runs `body`, failing with ``AwaitTimeout`` when `limit` passes first.
  static func withDeadline(_ limit: Duration?, _ body: @escaping @Sendable () async throws -> Void) async throws {
    guard let limit else { return try await body() }
    try await withThrowingTaskGroup(of: Bool.self) { group in
      group.addTask {
        try await body()
        return true
      }
      group.addTask {
        try await Task.sleep(for: limit)
        return false
      }
      let finished = try await group.next() ?? false
      group.cancelAll()
      if !finished { throw AwaitTimeout() }
    }
  }

  /// `jobs list [status=] [type=]`.
  func jobsList(_ invocation: CommandInvocation) async throws -> Value {
    guard invocation.positionals.isEmpty else { throw invocation.fail("jobs list takes only status= and type=") }
    let status = try await keyString(invocation, "status")
    let type = try await keyString(invocation, "type")
    if options.dryRun {
      try await dryRunNote("GET", "/api/v2/bulk/operations", "")
      return .list([])
    }
    return .list(try await client().listBulkOperations(status: status, type: type).map { Value($0.json) })
  }

  /// `jobs get ID`: the operation as a job, to await or inspect (re-attaching from another run).
  func jobsGet(_ invocation: CommandInvocation) async throws -> Value {
    guard invocation.positionals.count == 1 else { throw invocation.fail("jobs get takes one operation id") }
    let operationId = try await id(invocation.positionals[0], invocation, what: "the operation")
    let client = try await client()
    if options.dryRun {
      try await dryRunNote("GET", "/api/v2/bulk/operations/\(operationId)", "")
      return .null
    }
    let operation = try await client.bulkOperation(id: operationId)
    let location = client.configuration.server.baseURL.appendingPathComponent("api/v2/bulk/operations/\(operationId)")
    let job = Job(
      type: operation.type, total: 0,
      handles: [BulkJobHandle(id: operationId, location: location, type: operation.type, itemCount: 0)],
      dryRun: false, sources: SourceMap(file: nil, lines: false), journal: nil, recover: nil, submittedHere: false)
    if operation.isFinished {
      let handle = job.handles[0]
      job.finish(handle, try await client.awaitJob(handle))
    }
    return .job(job)
  }

  /// `jobs results ID`.
  func jobsResults(_ invocation: CommandInvocation) async throws -> Value {
    guard invocation.positionals.count == 1 else { throw invocation.fail("jobs results takes one operation id") }
    let operationId = try await id(invocation.positionals[0], invocation, what: "the operation")
    if options.dryRun {
      try await dryRunNote("GET", "/api/v2/bulk/operations/\(operationId)/results", "")
      return .list([])
    }
    return .list(try await client().bulkOperationResults(id: operationId).map { Value($0.json) })
  }
}
