/// What a command does to the tenant it is connected to; guardrails and dry runs follow from it.
public enum CommandEffect: String, Sendable {
  /// Sends nothing to the API (it may read or write local files).
  case local
  /// Sends only reads (GET, and the token request); a dry run runs it in full.
  case reads
  /// Creates or changes things; a dry run prints its writes instead of sending them.
  case writes
  /// May delete, archive or remove: on a real tenant it asks first at the prompt and needs `--yes` in a script,
  /// and it honours `max-delete=`.
  case destructive
}

/// A command as data: its words, positional forms, keys, effect and documentation.
///
/// Usage lines, `help`, docs/commands.md, completion, `l360 check` and the guardrails are all derived from it.
public struct CommandDeclaration: Sendable {
  /// The words that name the command: `["integration", "create"]`, `["await"]`.
  public let words: [String]
  /// The positional forms it accepts, tried in order.
  public let forms: [Form]
  /// Its keys, as declared (``allKeys`` adds the ones its effect brings).
  public let keys: [KeyDeclaration]
  /// What it does to the tenant.
  public let effect: CommandEffect
  /// What it does, in one sentence.
  public let summary: String
  /// A statement that runs on the sandbox (from `examples/`).
  public let example: String
  /// Statements that make ``example`` runnable on its own (binding `$i`, `$job`, ...).
  public let setup: String

  /// Declares a command.
  public init(
    _ words: [String], forms: [Form], keys: [KeyDeclaration] = [], effect: CommandEffect, summary: String,
    example: String, setup: String = ""
  ) {
    self.words = words
    self.forms = forms
    self.keys = keys
    self.effect = effect
    self.summary = summary
    self.example = example
    self.setup = setup
  }

  /// "integration create".
  public var name: String { words.joined(separator: " ") }

  /// Every key it takes: the declared ones, and `max-delete=` for a destructive command.
  public var allKeys: [KeyDeclaration] { keys + (effect == .destructive ? [.maxDelete] : []) }

  /// One usage line per form: `courses get EXTERNAL-ID in INTEGRATION [key=...]`.
  public var usageLines: [String] {
    let keyText = allKeys.map { key in
      // A long set of values would drown the line: help and the reference list them under the key.
      let fixed = key.kind.fixedValues.flatMap { $0.count <= 5 ? $0.joined(separator: "|") : nil }
      let value = fixed ?? key.name.uppercased()
      return key.isRequired ? "\(key.name)=\(value)" : "[\(key.name)=\(value)]"
    }
    return forms.map { form in ([name] + form.slots.map(\.usage) + keyText).joined(separator: " ") }
  }

  /// The usage lines joined with " | ", for one-line messages.
  public var usage: String { usageLines.joined(separator: " | ") }

  /// The literal words of its forms (`from`, `into`, ...): a bare word among them never fills a value slot.
  var literalWords: Set<String> {
    Set(forms.flatMap { $0.slots.compactMap { if case .word(let w) = $0 { w } else { nil } } })
  }
}
