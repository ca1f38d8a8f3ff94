import L360JSON
import OrderedCollections

extension Interpreter {
  /// The variable a `where` condition reads its row from; no script can name it (`$` needs a letter after it).
  static let rowVariable = "#row"

  /// Runs a pipeline: its source, then each stage on the rows.
  func run(_ pipeline: Pipeline, _ source: SourceFile) async throws -> Value {
    var value: Value =
      switch pipeline.source {
      case .expression(let expression): try await evaluate(expression, source)
      case .command(let call): try await runCommand(call, source)
      case .pipeline(let inner): try await run(inner, source)
      }
    for stage in pipeline.stages {
      switch stage {
      case .filter(let condition, let range):
        let rows = try self.rows(of: value, for: "where", range, source)
        let saved = variables[Self.rowVariable]
        defer { variables[Self.rowVariable] = saved }
        var kept: [Value] = []
        for row in rows {
          variables[Self.rowVariable] = row
          if try await evaluate(condition, source).isTruthy { kept.append(row) }
        }
        value = .list(kept)
      case .select(let fields, let range):
        func pick(_ row: Value) -> Value {
          var picked = OrderedDictionary<String, Value>()
          for field in fields { picked[field.path] = Self.field(field.path, of: row) ?? .null }
          return .object(picked)
        }
        if case .object = value {
          value = pick(value)
        } else {
          value = .list(try self.rows(of: value, for: "select", range, source).map(pick))
        }
      case .sort(let path, let descending, let range):
        let rows = try self.rows(of: value, for: "sort", range, source)
        // Each row's key is read once, not at every comparison (a million rows take twenty million of them).
        let keyed = rows.map { (key: SortKey(Self.field(path, of: $0) ?? .null), row: $0) }
        let sorted = keyed.enumerated().sorted { a, b in
          let order = a.element.key.order(b.element.key)
          // Equal keys keep their order, whichever way the rows are sorted.
          if order == 0 { return a.offset < b.offset }
          return descending ? order > 0 : order < 0
        }
        value = .list(sorted.map(\.element.row))
      case .first(let count, let range):
        let rows = try self.rows(of: value, for: "first", range, source)
        guard case .number(let n) = try await evaluate(count, source), let limit = Int(n.text), limit >= 0 else {
          throw ScriptError("'first' needs a count, like: first 10", source: source, range: count.range)
        }
        value = .list(Array(rows.prefix(limit)))
      }
    }
    return value
  }

  /// The rows a stage works on: a list's elements, or a job's per-item results.
  private func rows(of value: Value, for stage: String, _ range: SourceRange, _ source: SourceFile) throws -> [Value] {
    switch value {
    case .list(let elements): return elements
    case .job(let job): return job.member("results").flatMap { if case .list(let l) = $0 { l } else { nil } } ?? []
    default:
      throw ScriptError("'\(stage)' needs a list of rows, not \(value.typeWithArticle)", source: source, range: range)
    }
  }

  /// The value at a dotted path (`progress.index`) in a row, or nil.
  static func field(_ path: String, of row: Value) -> Value? {
    var current: Value? = row
    for part in path.split(separator: ".") { current = current?.member(String(part)) }
    return current
  }

  /// A value as `sort` orders it: null first, then booleans, numbers by value, text by its characters, anything
  /// else by its JSON.
  struct SortKey {
    let rank: Int
    let number: Double
    let text: String

    init(_ value: Value) {
      switch value {
      case .null: (rank, number, text) = (0, 0, "")
      case .bool(let flag): (rank, number, text) = (1, flag ? 1 : 0, "")
      case .number(let n): (rank, number, text) = (2, n.doubleValue, "")
      case .string(let s): (rank, number, text) = (3, 0, s)
      default: (rank, number, text) = (4, 0, JSONWriter.compact(value.json))
      }
    }

    /// -1, 0 or 1.
    func order(_ other: SortKey) -> Int {
      if rank != other.rank { return rank < other.rank ? -1 : 1 }
      if number != other.number { return number < other.number ? -1 : 1 }
      return text == other.text ? 0 : (text < other.text ? -1 : 1)
    }
  }
}
