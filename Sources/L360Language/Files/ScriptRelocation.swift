import Foundation
import L360JSON

/// Rewrites the file names in statements so they name the same files from another folder: `save-script` moves
/// statements typed at the prompt (whose relative names start from the working directory) into a script, whose
/// relative names start from the script's own folder.
///
/// Only names written out in full are rewritten (a string or a bare word in a command's file slot, or after
/// `source`); a name computed at run time (`$file`) cannot be known here and is left as it is.
public enum ScriptRelocation {
  /// `text` with each relative literal file name, meant from `base`, rewritten to mean the same file from `folder`.
  public static func relocate(_ text: String, from base: String, to folder: String) -> String {
    let source = SourceFile(name: "<relocate>", text: text)
    guard let script = try? Parser.parse(source) else { return text }
    var edits: [(range: SourceRange, name: String)] = []
    func visit(_ statements: [Statement]) {
      for statement in statements {
        switch statement {
        case .command(let call): command(call)
        case .bind(_, _, .command(let call), _): command(call)
        case .pipeline(let pipeline), .bind(_, _, .pipeline(let pipeline), _): piped(pipeline)
        case .source(let expression, _): file(expression)
        case .conditional(let branches, let otherwise, _):
          for branch in branches { visit(branch.body) }
          visit(otherwise ?? [])
        case .loop(_, _, let body, _): visit(body)
        case .attempt(let body, _, let handler, _):
          visit(body)
          visit(handler)
        default: break
        }
      }
    }
    func piped(_ pipeline: Pipeline) {
      switch pipeline.source {
      case .command(let call): command(call)
      case .pipeline(let inner): piped(inner)
      case .expression: break
      }
    }
    func command(_ call: CommandCall) {
      guard let matched = try? CommandMatcher.match(call, source) else { return }
      for (name, arguments) in matched.slots {
        let kind = Arguments.kind(name, in: matched.declaration)
        guard kind == .inputFile || kind == .outputFile else { continue }
        for argument in arguments { file(argument.value) }
      }
      for (name, argument) in matched.keys {
        let kind = Arguments.kind(name, in: matched.declaration)
        if kind == .inputFile || kind == .outputFile { file(argument.value) }
      }
    }
    func file(_ expression: Expression) {
      let written: String
      switch expression {
      case .literal(.string(let text), _): written = text
      case .word(let word, _): written = word
      default: return
      }
      guard !written.hasPrefix("/"), !written.hasPrefix("~"), !written.isEmpty else { return }
      let absolute = URL(fileURLWithPath: base).appendingPathComponent(written).standardizedFileURL.path
      let moved = relativePath(to: absolute, from: folder)
      if moved != written { edits.append((expression.range, moved)) }
    }
    visit(script.statements)
    var bytes = Array(text.utf8)
    for edit in edits.sorted(by: { $0.range.start > $1.range.start }) {
      bytes.replaceSubrange(edit.range.start..<edit.range.end, with: Array(JSONWriter.compact(.string(edit.name)).utf8))
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The path of `target` (absolute) as seen from `folder` (absolute): `../data/x.json`.
  static func relativePath(to target: String, from folder: String) -> String {
    let to = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
    let from = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
    var common = 0
    while common < min(to.count, from.count), to[common] == from[common] { common += 1 }
    let up = Array(repeating: "..", count: from.count - common)
    let parts = up + to[common...]
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }
}
