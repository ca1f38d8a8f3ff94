import L360Language
import L360Shell

/// Writes to stdout and stderr unbuffered, so lines reach pipes (and tests) as they are printed; a closed pipe ends
/// l360 quietly (see ``StandardStreams``).
enum Output {
  static func line(_ text: String = "") { StandardStreams.output(text + "\n") }

  static func error(_ text: String) { StandardStreams.error(text + "\n") }

  /// A script's problems on stderr, in file order, then "FILE: N problems found" and `ending`.
  static func problems(_ problems: [ScriptError], in name: String, _ ending: String = "") {
    for problem in problems.sorted(by: { ($0.range?.start ?? 0) < ($1.range?.start ?? 0) }) {
      error(problem.description)
    }
    error("\(name): \(plural(problems.count, "problem")) found\(ending)")
  }
}
