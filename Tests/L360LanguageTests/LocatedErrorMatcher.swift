import L360Language

/// True when `error` is a usage error at `line`:`column` of `source` whose message contains `message`
/// (shared by the lexer and parser error tables).
func isLocatedUsageError(_ error: any Error, in source: SourceFile, line: Int, column: Int, message: String) -> Bool {
  guard let error = error as? ScriptError, let range = error.range else { return false }
  return source.lineAndColumn(of: range.start) == (line, column) && error.message.contains(message)
    && error.kind == .usage && error.description.hasPrefix("\(source.name):\(line):\(column): error: ")
}
