import L360Shell

/// Writes to stdout and stderr unbuffered, so lines reach pipes (and tests) as they are printed; a closed pipe ends
/// l360 quietly (see ``StandardStreams``).
enum Output {
  static func line(_ text: String = "") { StandardStreams.output(text + "\n") }

  static func error(_ text: String) { StandardStreams.error(text + "\n") }
}
