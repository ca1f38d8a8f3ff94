/// Why a JSON text could not be read, and where: byte offset plus 1-based line and column.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong, in words a person can act on ("expected ',' or '}' after an object member").
  public let message: String
  /// Zero-based byte offset of the problem in the input.
  public let offset: Int
  /// One-based line of the problem.
  public let line: Int
  /// One-based column (counted in bytes) of the problem.
  public let column: Int

  /// Makes an error at an explicit position.
  public init(message: String, offset: Int, line: Int, column: Int) {
    self.message = message
    self.offset = offset
    self.line = line
    self.column = column
  }

  /// "line 3, column 14: expected ':' after an object key".
  public var description: String { "line \(line), column \(column): \(message)" }
}
