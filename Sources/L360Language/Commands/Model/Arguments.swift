import Foundation
import L360JSON

/// A command's arguments, matched to its declaration and converted by their declared kinds on access.
///
/// Each accessor evaluates the argument and applies its slot's or key's ``ValueKind``: a wrong value is a usage
/// error at the argument, with the command's usage line.
public struct Arguments {
  let matched: MatchedCommand
  let evaluate: (Expression) async throws -> Value

  /// True when the slot or key `name` was given.
  public func has(_ name: String) -> Bool { matched.slots[name] != nil || matched.keys[name] != nil }

  /// The source range of argument `name` (the statement when absent).
  public func range(_ name: String) -> SourceRange {
    (matched.slots[name]?.first?.value.range ?? matched.keys[name]?.value.range) ?? matched.call.range
  }

  /// The declared kind of slot or key `name`.
  func kind(_ name: String) -> ValueKind { Self.kind(name, in: matched.declaration) }

  /// The kind `declaration` gives slot or key `name`; a name it does not declare is a mistake in the command.
  static func kind(_ name: String, in declaration: CommandDeclaration) -> ValueKind {
    for form in declaration.forms {
      for slot in form.slots where slot.name == name { return slot.kind! }
    }
    guard let key = declaration.allKeys.first(where: { $0.name == name }) else {
      preconditionFailure("\(declaration.name) declares no slot or key '\(name)'")
    }
    return key.kind
  }

  private func arguments(_ name: String) -> [CommandArgument] {
    matched.slots[name] ?? matched.keys[name].map { [$0] } ?? []
  }

  /// The values of `name`, each checked against its kind (several for a `values` slot); empty when absent.
  public func values(_ name: String) async throws -> [Value] {
    let kind = kind(name)
    var values: [Value] = []
    for argument in arguments(name) {
      let value = try await evaluate(argument.value)
      if let problem = kind.problem(with: value, as: name) { throw matched.fail(problem, argument.value.range) }
      values.append(value)
    }
    return values
  }

  /// The value of `name`, checked against its kind; nil when absent.
  public func value(_ name: String) async throws -> Value? { try await values(name).first }

  /// Text, an id, a file name, a choice or a URL, by its kind; nil when absent.
  public func text(_ name: String) async throws -> String? {
    guard let value = try await value(name) else { return nil }
    if case .id = kind(name) { return ValueKind.idText(value) }
    return ValueKind.text(value)
  }

  /// A `bool` argument; nil when absent.
  public func bool(_ name: String) async throws -> Bool? {
    guard case .bool(let b) = try await value(name) else { return nil }
    return b
  }

  /// An `integer` argument; nil when absent.
  public func int(_ name: String) async throws -> Int? {
    guard case .number(let n) = try await value(name) else { return nil }
    return n.intValue
  }

  /// A `duration` argument; nil when absent.
  public func duration(_ name: String) async throws -> Duration? {
    guard let value = try await value(name) else { return nil }
    return try? ValueRules.duration(name, value)
  }

  /// Text the command cannot do without (a required key or a slot of the matched form).
  public func required(_ name: String) async throws -> String {
    guard let text = try await text(name) else { throw matched.fail("\(matched.declaration.name) needs \(name)") }
    return text
  }

  /// A usage error at argument `name`.
  public func fail(_ message: String, at name: String? = nil) -> ScriptError {
    matched.fail(message, name.map(range))
  }
}
