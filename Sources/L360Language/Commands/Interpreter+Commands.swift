import Foundation
import L360Client
import L360JSON
import L360Schema
import OrderedCollections

extension Interpreter {
  /// Runs one command and returns its value.
  func runCommand(_ call: CommandCall, _ source: SourceFile) async throws -> Value {
    let invocation = try CommandInvocation.match(call, source)
    do {
      switch (invocation.spec.name, invocation.spec.subcommand) {
      case ("connect", _): return try await connectCommand(invocation)
      case ("integration", "create"): return try await integrationCreate(invocation)
      case ("integration", "list"): return try await integrationList(invocation)
      case ("integration", "update"): return try await integrationUpdate(invocation)
      case ("integration", "delete"): return try await integrationDelete(invocation)
      case ("courses", "upsert"): return try await coursesUpsert(invocation)
      case ("courses", "archive"): return try await coursesArchive(invocation)
      case ("courses", "get"): return try await coursesGet(invocation)
      case ("catalog", "list"): return try await catalogList(invocation)
      case ("catalog", let sub?): return try await catalogChange(invocation, add: sub == "add")
      case ("await", _): return try await awaitCommand(invocation)
      case ("jobs", "list"): return try await jobsList(invocation)
      case ("jobs", "get"): return try await jobsGet(invocation)
      case ("jobs", "results"): return try await jobsResults(invocation)
      case ("request", _): return try await requestCommand(invocation)
      case ("save", _): return try await saveCommand(invocation)
      case ("resume", _): return try await resumeCommand(invocation)
      case ("migrate", "import-external-courses"): return try await migrateImport(invocation)
      case ("migrate", "catalog-removal"): return try await migrateCatalogRemoval(invocation)
      default: throw invocation.fail("'\(invocation.spec.fullName)' is not implemented")
      }
    } catch let error as ScriptError {
      throw error
    } catch {
      throw Self.scriptError(error, source, call.range)
    }
  }

  // MARK: - CommandArgument helpers

  func value(_ argument: CommandArgument, _ source: SourceFile) async throws -> Value {
    try await evaluate(argument.value, source)
  }

  /// A string argument; numbers are taken as their text (an id of digits lexes as a number).
  func string(_ argument: CommandArgument, _ invocation: CommandInvocation, what: String) async throws -> String {
    switch try await value(argument, invocation.source) {
    case .string(let s): return s
    case .number(let n): return n.text
    case let other:
      throw invocation.fail("\(what) must be text, not \(other.typeWithArticle)", argument.value.range)
    }
  }

  /// An id argument: a 24-hex string, or an object with `_id` (an integration) or `id` (a job).
  func id(_ argument: CommandArgument, _ invocation: CommandInvocation, what: String) async throws -> String {
    let v = try await value(argument, invocation.source)
    let text: String?
    switch v {
    case .string(let s): text = s
    case .number(let n): text = n.text
    case .object(let o): text = o["_id"]?.json.stringValue ?? o["id"]?.json.stringValue
    case .job(let j): text = j.id
    default: text = nil
    }
    guard let text else {
      throw invocation.fail(
        "\(what) must be an id or an object with an _id, not \(v.typeWithArticle)", argument.value.range)
    }
    do {
      return try ValueRules.id(what, text)
    } catch {
      throw invocation.fail(error.message, argument.value.range)
    }
  }

  func keyString(_ invocation: CommandInvocation, _ key: String) async throws -> String? {
    guard let argument = invocation.keyed[key] else { return nil }
    return try await string(argument, invocation, what: key)
  }

  func keyBool(_ invocation: CommandInvocation, _ key: String) async throws -> Bool? {
    guard let argument = invocation.keyed[key] else { return nil }
    guard case .bool(let b) = try await value(argument, invocation.source) else {
      throw invocation.fail("\(key) must be true or false", argument.value.range)
    }
    return b
  }

  func keyInt(_ invocation: CommandInvocation, _ key: String) async throws -> Int? {
    guard let argument = invocation.keyed[key] else { return nil }
    guard case .number(let n) = try await value(argument, invocation.source), let i = n.intValue else {
      throw invocation.fail("\(key) must be a whole number", argument.value.range)
    }
    return i
  }

  func keyDuration(_ invocation: CommandInvocation, _ key: String) async throws -> Duration? {
    guard let argument = invocation.keyed[key] else { return nil }
    do {
      return try ValueRules.duration(key, try await value(argument, invocation.source))
    } catch let error as ValueRuleError {
      throw invocation.fail(error.message, argument.value.range)
    }
  }

  /// Says what a dry run would send.
  func dryRunNote(_ method: String, _ path: String, _ detail: String) async throws {
    let client = try await client()
    // A dry run still checks the credentials: the token request is the one request it sends.
    try await client.authenticate()
    let base = client.configuration.server.baseURL.absoluteString
    let separator = detail.isEmpty || detail.hasPrefix("?") ? "" : " "
    narrate("dry-run: would send \(method) \(base)\(path)\(separator)\(detail)")
  }
}
