import Foundation
import L360Client
import L360JSON
import L360Sandbox
import L360Schema
import Testing

@testable import L360Language

/// Fails every connection: fuzzed scripts run their expressions, never a request.
private struct OfflineHost: InterpreterHost {
  struct Offline: Error, CustomStringConvertible { var description: String { "offline (fuzzing)" } }
  func output(_ line: String) {}
  func note(_ line: String) {}
  func progress(_ job: Job, _ operation: BulkOperation, processed: Int) {}
  func connect(_ target: ConnectTarget, credentials: Credentials?) async throws -> Connection { throw Offline() }
  func defaultConnection() async throws -> Connection { throw Offline() }
}

/// True when the statements only compute: no command (which could write files), no `source`.
private func onlyComputes(_ statements: [Statement]) -> Bool {
  statements.allSatisfy { statement in
    switch statement {
    case .command, .source: return false
    case .bind(_, _, let value, _): return computes(value)
    case .pipeline(let pipeline): return computes(.pipeline(pipeline))
    case .conditional(let branches, let otherwise, _):
      return branches.allSatisfy { onlyComputes($0.body) } && onlyComputes(otherwise ?? [])
    case .loop(_, _, let body, _): return onlyComputes(body)
    case .attempt(let body, _, let handler, _): return onlyComputes(body) && onlyComputes(handler)
    default: return true
    }
  }
}

/// True when a bound value runs no command (a pipeline's source included).
private func computes(_ value: BoundValue) -> Bool {
  switch value {
  case .expression: true
  case .command: false
  case .pipeline(let pipeline): computes(pipeline.source)
  }
}

/// "NAME:LINE" or "NAME:LINE:COL" at the start of a message: every reader error says where.
private func isLocated(_ message: String, _ name: String) -> Bool {
  guard message.hasPrefix(name + ":") else { return message.hasPrefix("no such file") }
  return message.dropFirst(name.count + 1).first?.isNumber == true
}

/// Inputs of hostile shape: (what it is, a file name whose extension says how it is read, its bytes).
private func hostileShapes() -> [(String, String, [UInt8])] {
  var shapes: [(String, String, [UInt8])] = []
  func add(_ shape: String, _ name: String, _ text: String) { shapes.append((shape, name, Array(text.utf8))) }
  add("deep chain", "chain.l360", "let x = 1" + String(repeating: " + 1", count: 100_000))
  add("deep index", "index.l360", "let x = [1]\nprint $x" + String(repeating: "[0]", count: 100_000))
  add("deep parentheses", "parens.l360", String(repeating: "(", count: 100_000) + "1")
  add("deep blocks", "blocks.l360", String(repeating: "if true {\n", count: 20_000))
  add("long string", "long.l360", "let s = \"" + String(repeating: "a", count: 8 << 20) + "\"\nprint len($s)")
  add("long name", "name.l360", "let " + String(repeating: "n", count: 1 << 20) + " = 1")
  add("deep JSON", "deep.json", String(repeating: "[", count: 100_000))
  add("deep JSON Lines", "deep.jsonl", String(repeating: "{\"a\":", count: 100_000) + "1\n")
  let keys: [String] = (0..<100_000).map { "\"k\($0)\":1" }
  add("wide JSON", "wide.json", "[{" + keys.joined(separator: ",") + "}]")
  let segments: [String] = (0..<50_000).map { "a\($0)" }
  add("deep CSV header", "deep.csv", segments.joined(separator: ".") + "\nx\n")
  let columns: [String] = (0..<100_000).map { "c\($0)" }
  add("wide CSV", "wide.csv", columns.joined(separator: ",") + "\n" + String(repeating: "v,", count: 99_999) + "v\n")
  return shapes
}

@Suite("Fuzzing: mutated inputs never crash or hang, and every error is located")
struct FuzzTests {
  @Test("l360 scripts: the lexer, parser and static checker, and the evaluator on scripts that only compute")
  func scripts() async throws {
    var mutator = Mutator(corpus: FuzzCorpus.seeds(["l360"]), random: SplitMix64(seed: FuzzCorpus.seed))
    #expect(mutator.corpus.count >= 4)
    var parsed = 0
    var evaluated = 0
    for _ in 0..<FuzzCorpus.iterations {
      let bytes = mutator.next()
      FuzzCorpus.remember(bytes, as: "l360")
      let source = SourceFile(name: "fuzz.l360", text: String(decoding: bytes, as: UTF8.self))
      // `l360 check` parses on past errors; its first error is the one a run stops at, and every error and
      // statement it keeps lies inside the text.
      let recovered = Parser.parseRecovering(source)
      for error in recovered.errors {
        let range = try #require(error.range)
        #expect(range.start <= source.bytes.count)
      }
      _ = StaticChecker.check(recovered.script, predefined: [])
      let script: Script
      do {
        script = try Parser.parse(source)
      } catch {
        // A syntax error points into the text (a line and a column), never nowhere.
        let range = try #require(error.range)
        let (line, column) = source.lineAndColumn(of: range.start)
        #expect(line >= 1 && column >= 1)
        #expect(!error.description.isEmpty)
        #expect(recovered.errors.first?.message == error.message && recovered.errors.first?.range == range)
        continue
      }
      #expect(recovered.errors.isEmpty && recovered.script.statements.count == script.statements.count)
      parsed += 1
      _ = StaticChecker.check(script, predefined: [])
      guard onlyComputes(script.statements) else { continue }
      evaluated += 1
      let interpreter = Interpreter(host: OfflineHost())
      do { try await interpreter.run(script) } catch { #expect(!error.description.isEmpty) }
    }
    // The mutations keep enough inputs valid to reach the parser's and the evaluator's deeper paths.
    #expect(parsed > FuzzCorpus.iterations / 20)
    #expect(evaluated > 0)
  }

  @Test("JSON documents: the parser returns a value or an error inside the text")
  func json() throws {
    var mutator = Mutator(
      corpus: FuzzCorpus.seeds(["json", "jsonl"]), random: SplitMix64(seed: FuzzCorpus.seed &+ 1))
    for _ in 0..<FuzzCorpus.iterations {
      let bytes = mutator.next()
      FuzzCorpus.remember(bytes, as: "json")
      do {
        let value = try JSONParser.parse(bytes: bytes)
        // What parses writes back and parses to the same value.
        #expect(try JSONParser.parse(bytes: Array(JSONWriter.compact(value).utf8)) == value)
        // Minifying (how bulk items are sent) keeps the value and leaves nothing more to remove.
        var minified: [UInt8] = [0x5B]
        JSONMinifier.append(bytes, to: &minified)
        #expect(try JSONParser.parse(bytes: Array(minified.dropFirst())) == value)
        var again: [UInt8] = []
        JSONMinifier.append(Array(minified.dropFirst()), to: &again)
        #expect(again == Array(minified.dropFirst()))
        // The scanner l360 uses on results agrees with the parser whenever it answers.
        if let statuses = JSONScanner.memberStrings("status", inArrayOfObjects: bytes), case .array(let items) = value {
          #expect(statuses == items.map { $0["status"]?.stringValue })
        }
      } catch {
        #expect(error.offset >= 0 && error.offset <= bytes.count)
        #expect(error.line >= 1 && error.column >= 1)
      }
    }
  }

  @Test("bulk input files: JSON, JSON Lines and CSV read item by item, or fail naming the file and line")
  func inputFiles() throws {
    var mutator = Mutator(
      corpus: FuzzCorpus.seeds(["json", "jsonl", "csv"]), random: SplitMix64(seed: FuzzCorpus.seed &+ 2))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("l360-fuzz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let extensions = ["json", "jsonl", "csv"]
    var quickValid = 0
    for i in 0..<FuzzCorpus.iterations {
      let bytes = mutator.next()
      let name = "input." + extensions[i % 3]
      FuzzCorpus.remember(bytes, as: name)
      let path = directory.appendingPathComponent(name).path
      #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
      do {
        let stream = try ItemStream(path: path, name: name, schema: V2Schemas.externalCourse, maxItemBytes: 1 << 20)
        var lastLine = 0
        var validation = BulkValidation(kind: .upsertCourses(integrationId: "62be0535045424d93edaad7b"))
        while let record = try stream.nextRecord() {
          #expect(record.line >= lastLine)
          lastLine = record.line
          // The byte-level fast path never calls an item valid that the parser or the validator rejects.
          let quick = record.bytes.flatMap { validation.quickFinding($0) }
          let value: JSONValue
          do { value = try ItemStream.parse(record, name: name) } catch {
            #expect(quick == nil, "fast path called valid what does not parse: \(error)")
            throw error
          }
          let slow = validation.inspect(value)
          if let quick {
            quickValid += 1
            #expect(
              slow.problems.isEmpty, "fast path called valid: \(String(decoding: record.bytes ?? [], as: UTF8.self))")
            #expect(quick.externalId == slow.externalId)
          }
          _ = validation.record(slow, at: record.line) { "\(name):\($0)" }
        }
      } catch {
        #expect(isLocated(String(describing: error), name), "\(error)")
      }
    }
    // The corpus holds valid courses (about 90 fast-path answers in 3,400 inputs with the default seed), so the
    // comparison above ran; SchemaByteCheckerTests compares thousands more.
    #expect(quickValid > 0)
  }

  @Test("the regression corpus: every file in Tests/Corpus/regressions is read without a crash")
  func regressions() async throws {
    let files = FuzzCorpus.files(["l360", "json", "jsonl", "csv"]).filter { $0.path.contains("/Tests/Corpus/") }
    #expect(!files.isEmpty)
    for file in files {
      try await exercise([UInt8](Data(contentsOf: file)), named: file.lastPathComponent)
    }
  }

  /// Inputs of hostile shape, made here rather than kept as files (some are megabytes): each once crashed l360 or
  /// took minutes. Endless and closed standard streams are in ClosedPipeTests (they need the process).
  @Test(
    "hostile shapes: deep, long and wide scripts, JSON and CSV end in a located error or a value, never a crash",
    arguments: hostileShapes())
  func shapes(_ shape: String, _ name: String, _ bytes: [UInt8]) async throws {
    try await exercise(bytes, named: name)
  }

  /// Runs one input through what l360 does with a file of its kind: a script is parsed (with recovery), checked,
  /// and evaluated when it only computes; a data file is parsed as JSON and read item by item.
  private func exercise(_ bytes: [UInt8], named name: String) async throws {
    if name.hasSuffix(".l360") {
      let source = SourceFile(name: name, text: String(decoding: bytes, as: UTF8.self))
      let recovered = Parser.parseRecovering(source)
      _ = StaticChecker.check(recovered.script, predefined: [])
      for error in recovered.errors { #expect(error.range != nil, "\(error.message)") }
      if let script = try? Parser.parse(source), onlyComputes(script.statements) {
        do { try await Interpreter(host: OfflineHost()).run(script) } catch { #expect(!error.description.isEmpty) }
      }
      return
    }
    _ = try? JSONParser.parse(bytes: bytes)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("l360-shape-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent(name).path
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    do {
      let stream = try ItemStream(path: path, name: name, schema: V2Schemas.externalCourse)
      while try stream.next() != nil {}
    } catch {
      #expect(isLocated(error.description, name), "\(error.description)")
    }
  }
}
