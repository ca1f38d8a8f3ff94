import Foundation
import L360Client
import L360JSON
import L360Language

/// `--report FILE`: what a run did, one test case per command, for CI (JUnit XML when FILE ends in `.xml`, JSON
/// otherwise).
///
/// Each command run is a case named `FILE:LINE STATEMENT`, with its duration; a failed one carries the located
/// message; a finished job's failed items are listed in its case with their source lines. A failure outside any
/// command (a syntax error, an `assert`) is a case of its own. The report is written when the run ends, whatever
/// its outcome, as a regular file replaced whole, with every known secret masked.
final class RunReport: @unchecked Sendable {
  /// One case of the report.
  struct Case {
    var name: String
    var file: String
    var line: Int
    var statement: String
    var seconds: Double
    var failure: ScriptError?
    var failedItems: [CommandRecord.FailedItem]
    var failedItemCount: Int
    /// A failure a `try` caught: the run went on, so CI must not count it as failed.
    var caught = false
  }

  private let path: String
  private let scriptName: String
  private let started = Date()
  private let lock = NSLock()
  private var cases: [Case] = []
  private var seen: [String: Int] = [:]

  init(path: String, scriptName: String) {
    self.path = path
    self.scriptName = scriptName
  }

  /// Adds a command that ended.
  func add(_ record: CommandRecord) {
    let seconds = Double(record.duration.components.seconds) + Double(record.duration.components.attoseconds) / 1e18
    add(
      Case(
        name: "\(record.file):\(record.line) \(record.statement)", file: record.file, line: record.line,
        statement: record.statement, seconds: seconds, failure: record.failure, failedItems: record.failedItems,
        failedItemCount: record.failedItemCount))
  }

  private func add(_ new: Case) {
    lock.withLock {
      var entry = new
      // A command in a loop runs many times: CI tools keep only the first of cases with the same name.
      let count = (seen[entry.name] ?? 0) + 1
      seen[entry.name] = count
      if count > 1 { entry.name += " (run \(count))" }
      cases.append(entry)
    }
  }

  /// A `try` caught `error`: the last case that failed with it is handled, not failed.
  func caught(_ error: ScriptError) {
    lock.withLock {
      if let index = cases.lastIndex(where: { !$0.caught && $0.failure?.description == error.description }) {
        cases[index].caught = true
      }
    }
  }

  /// Writes the report for a run that ended with `exitCode`, and `error` when it failed outside the cases (a
  /// syntax error, an assert, an expression); says on standard error when it cannot be written.
  func write(exitCode: Int32, error: ScriptError?) {
    if let error, !lock.withLock({ cases.contains { $0.failure?.description == error.description } }) {
      let line = error.source.flatMap { source in error.range.map { source.lineAndColumn(of: $0.start).0 } } ?? 0
      // The whole line: an assert's error points at its condition, but the case is the statement.
      let statement = error.source.map { $0.lineText(line).trimmingCharacters(in: .whitespaces) } ?? ""
      add(
        Case(
          name: "\(scriptName):\(line) \(statement.isEmpty ? "(the script)" : statement)", file: scriptName, line: line,
          statement: statement, seconds: 0, failure: error, failedItems: [], failedItemCount: 0))
    }
    let text = path.lowercased().hasSuffix(".xml") ? junit(exitCode: exitCode) : json(exitCode: exitCode)
    do {
      try AtomicFile.write(Array(KnownSecrets.masked(text).utf8), to: path, privacy: .shared)
    } catch {
      Output.error("l360: --report: \(error.description)")
    }
  }

  private var total: Double { Date().timeIntervalSince(started) }

  private static func failureKind(_ error: ScriptError) -> String {
    switch error.kind {
    case .usage: "usage"
    case .runtime: "runtime"
    case .assertion: "assertion"
    case .interrupted: "interrupted"
    case .cancelled: "cancelled"
    case .exit(let code): "exit \(code)"
    }
  }

  private static func itemLines(_ item: Case) -> String {
    guard item.failedItemCount > 0 else { return "" }
    var lines = ["\(plural(item.failedItemCount, "item")) failed:"]
    lines += item.failedItems.map { "\($0.source ?? "(no source)"): \($0.message)" }
    if item.failedItemCount > item.failedItems.count {
      lines.append("... and \(item.failedItemCount - item.failedItems.count) more")
    }
    return lines.joined(separator: "\n")
  }

  // MARK: JUnit XML

  private func junit(exitCode: Int32) -> String {
    let all = lock.withLock { cases }
    let failures = all.filter { $0.failure != nil && !$0.caught }.count
    let time = String(format: "%.3f", total)
    let stamp = ISO8601DateFormatter().string(from: started)
    var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
    xml += #"<testsuites name="l360" tests="\#(all.count)" failures="\#(failures)" errors="0" time="\#(time)">"# + "\n"
    xml +=
      #"  <testsuite name="\#(Self.escape(scriptName))" tests="\#(all.count)" failures="\#(failures)" errors="0" skipped="0" time="\#(time)" timestamp="\#(stamp)">"#
      + "\n"
    xml += "    <properties><property name=\"exitCode\" value=\"\(exitCode)\"/></properties>\n"
    for item in all {
      xml +=
        #"    <testcase classname="\#(Self.escape(scriptName))" name="\#(Self.escape(item.name))" file="\#(Self.escape(item.file))" line="\#(item.line)" time="\#(String(format: "%.3f", item.seconds))""#
      var items = Self.itemLines(item)
      if item.caught, let failure = item.failure {
        items = "failed and caught by try: \(failure.message)" + (items.isEmpty ? "" : "\n" + items)
      }
      guard (item.failure != nil && !item.caught) || !items.isEmpty else {
        xml += "/>\n"
        continue
      }
      xml += ">\n"
      if let failure = item.failure, !item.caught {
        // GitLab shows the element's text, GitHub reporters the message attribute: both carry it.
        xml +=
          #"      <failure message="\#(Self.escape(failure.message))" type="\#(Self.failureKind(failure))">\#(Self.escape(failure.description))</failure>"#
          + "\n"
      }
      if !items.isEmpty { xml += "      <system-out>\(Self.escape(items))</system-out>\n" }
      xml += "    </testcase>\n"
    }
    xml += "  </testsuite>\n</testsuites>\n"
    return xml
  }

  /// Text safe in XML attributes and elements; characters XML 1.0 cannot hold at all are dropped.
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  // MARK: JSON

  private func json(exitCode: Int32) -> String {
    let all = lock.withLock { cases }
    var list: [JSONValue] = []
    for item in all {
      var entry: JSONValue = [
        "name": .string(item.name), "file": .string(item.file), "line": .number(JSONNumber(item.line)),
        "statement": .string(item.statement), "seconds": .number(JSONNumber((item.seconds * 1000).rounded() / 1000)),
        "status": item.failure == nil ? "passed" : item.caught ? "caught" : "failed",
      ]
      if let failure = item.failure {
        entry["failure"] = [
          "message": .string(failure.message), "kind": .string(Self.failureKind(failure)),
          "text": .string(failure.description),
        ]
      }
      if item.failedItemCount > 0 {
        entry["failedItemCount"] = .number(JSONNumber(item.failedItemCount))
        entry["failedItems"] = .array(
          item.failedItems.map { ["source": $0.source.map(JSONValue.string) ?? .null, "message": .string($0.message)] })
      }
      list.append(entry)
    }
    let report: JSONValue = [
      "script": .string(scriptName), "startedAt": .string(ISO8601DateFormatter().string(from: started)),
      "seconds": .number(JSONNumber((total * 1000).rounded() / 1000)), "exitCode": .number(JSONNumber(Int(exitCode))),
      "status": exitCode == 0 ? "passed" : "failed", "cases": .array(list),
    ]
    return JSONWriter.pretty(report) + "\n"
  }
}
