import L360JSON

/// An expression: a value to compute.
public indirect enum Expression: Sendable {
  /// A JSON literal: number, `true`, `false`, `null`.
  case literal(JSONValue, SourceRange)
  /// A bare word in a command (`myPlatform`, `courses.json`): a literal string.
  case word(String, SourceRange)
  /// A `"..."` or `'...'` string; interpolated parts are expressions.
  case string([TemplatePart], SourceRange)
  /// `$name`.
  case variable(String, SourceRange)
  /// `base.name`.
  case member(Expression, String, SourceRange)
  /// `base?.name`: null when `base` is null or has no field `name`.
  case optionalMember(Expression, String, SourceRange)
  /// `base[index]`.
  case index(Expression, Expression, SourceRange)
  /// `[a, b]`.
  case list([Expression], SourceRange)
  /// `{"key": value}`.
  case object([(key: String, value: Expression)], SourceRange)
  /// `name(arguments)`.
  case call(String, [Expression], SourceRange)
  /// `not x`.
  case not(Expression, SourceRange)
  /// `a OP b` for `== != < <= > >= + and or ?? in`, and `not in`.
  case binary(String, Expression, Expression, SourceRange)
  /// `(VALUE | where ... | select ...)` or a function's argument `len($rows | where ...)`: a pipeline used as a
  /// value inside an expression.
  case piped(Pipeline)

  /// Where the expression is in its source.
  public var range: SourceRange {
    switch self {
    case .literal(_, let r), .word(_, let r), .string(_, let r), .variable(_, let r), .member(_, _, let r),
      .optionalMember(_, _, let r),
      .index(_, _, let r), .list(_, let r), .object(_, let r), .call(_, _, let r), .not(_, let r),
      .binary(_, _, _, let r):
      r
    case .piped(let pipeline): pipeline.range
    }
  }
}

/// A piece of a string template.
public enum TemplatePart: Sendable {
  /// Literal text.
  case text(String)
  /// An interpolated expression (`$name` or `${...}`).
  case expression(Expression)
}

/// One argument of a command: positional, or `key=value`.
public struct CommandArgument: Sendable {
  /// The key of a `key=value` argument, nil for a positional one.
  public var key: String?
  /// Where the key is (for "unknown key" errors).
  public var keyRange: SourceRange?
  /// The value.
  public var value: Expression

  /// The range of the whole argument.
  public var range: SourceRange { keyRange.map { $0.union(value.range) } ?? value.range }
}

/// A command invocation: `integration create platform=P group=$g author=$a`.
public struct CommandCall: Sendable {
  /// The command word (`integration`).
  public var name: String
  /// Where the command word is.
  public var nameRange: SourceRange
  /// The arguments in order.
  public var arguments: [CommandArgument]
  /// The whole invocation.
  public var range: SourceRange
}

/// A statement of the l360 language.
public indirect enum Statement: Sendable {
  /// A command; its result is shown at the prompt and kept in `$_`.
  case command(CommandCall)
  /// A bare expression; its value is shown and kept in `$_`.
  case expression(Expression)
  /// `let NAME = EXPRESSION` or `let NAME = COMMAND`.
  case bind(name: String, nameRange: SourceRange, value: BoundValue, range: SourceRange)
  /// `print EXPRESSION, ...`.
  case print([Expression], SourceRange)
  /// `assert EXPRESSION ["message"]`.
  case assert(Expression, message: Expression?, SourceRange)
  /// `if ... { } else if ... { } else { }`.
  case conditional(branches: [(condition: Expression, body: [Statement])], otherwise: [Statement]?, SourceRange)
  /// `for NAME in EXPRESSION { }`.
  case loop(name: String, sequence: Expression, body: [Statement], SourceRange)
  /// `set OPTION VALUE`.
  case set(option: String, optionRange: SourceRange, value: Expression, SourceRange)
  /// `source "file.l360"`.
  case source(Expression, SourceRange)
  /// `try { ... } catch NAME { ... }`: a failure in the body runs the handler with `$NAME` describing it.
  case attempt(body: [Statement], errorName: String, handler: [Statement], SourceRange)
  /// `exit CODE ["message"]`: ends the script with that exit code.
  case exit(code: Expression, message: Expression?, SourceRange)
  /// `COMMAND | where ... | select ...`: a value passed through stages; its result is shown.
  case pipeline(Pipeline)

  /// Where the statement is.
  public var range: SourceRange {
    switch self {
    case .command(let c): c.range
    case .expression(let e): e.range
    case .bind(_, _, _, let r), .print(_, let r), .assert(_, _, let r), .conditional(_, _, let r),
      .loop(_, _, _, let r),
      .set(_, _, _, let r), .source(_, let r), .attempt(_, _, _, let r), .exit(_, _, let r):
      r
    case .pipeline(let p): p.range
    }
  }
}

/// What `let` binds: a value or a command's result.
public indirect enum BoundValue: Sendable {
  /// `let x = EXPRESSION`.
  case expression(Expression)
  /// `let x = COMMAND`.
  case command(CommandCall)
  /// `let x = COMMAND | where ... | select ...`.
  case pipeline(Pipeline)
}

/// `SOURCE | where CONDITION | select FIELD, ... | sort FIELD [desc] | first N`: the rows of a list kept, shaped,
/// ordered and cut, the way a person reads an API's lists at the prompt.
public struct Pipeline: Sendable {
  /// What the rows come from: an expression or a command (never itself a pipeline).
  public var source: BoundValue
  /// The stages, in order.
  public var stages: [PipeStage]
  /// The whole pipeline.
  public var range: SourceRange
}

/// One stage of a ``Pipeline``.
public enum PipeStage: Sendable {
  /// `where CONDITION`: the rows for which it holds; bare names in it are the row's fields.
  case filter(Expression, SourceRange)
  /// `select FIELD, ...`: each row cut to these fields (dotted paths reach into objects).
  case select([(path: String, range: SourceRange)], SourceRange)
  /// `sort FIELD [desc]`: the rows ordered by a field (numbers by value, text by its characters, null first).
  case sort(path: String, descending: Bool, SourceRange)
  /// `first N`: the first N rows.
  case first(Expression, SourceRange)

  /// Where the stage is.
  public var range: SourceRange {
    switch self {
    case .filter(_, let r), .select(_, let r), .sort(_, _, let r), .first(_, let r): r
    }
  }
}

/// A parsed script.
public struct Script: Sendable {
  /// Its source.
  public let source: SourceFile
  /// Its statements.
  public let statements: [Statement]
}
