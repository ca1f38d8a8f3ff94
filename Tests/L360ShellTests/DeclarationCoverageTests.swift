import Foundation
import L360Language
import L360Shell
import Testing

@Suite("Every declared command has help, a reference entry and completion")
struct DeclarationCoverageTests {
  @Test("help WORDS shows the command's usage, summary and example")
  func help() throws {
    for declaration in CommandTable.declarations {
      let text = try #require(HelpText.command(declaration.words), "no help for \(declaration.name)")
      for usage in declaration.usageLines { #expect(text.contains(usage), "\(declaration.name)") }
      #expect(text.contains(declaration.summary))
      #expect(text.contains("example: \(declaration.example)"))
    }
  }

  @Test("docs/commands.md has a section with every usage line")
  func reference() {
    let markdown = HelpText.commandsMarkdown()
    for declaration in CommandTable.declarations {
      #expect(markdown.contains("## \(declaration.name)\n"), "\(declaration.name)")
      for usage in declaration.usageLines { #expect(markdown.contains("`\(usage)`"), "\(declaration.name)") }
    }
  }

  @Test("completion offers each command's words, every literal word of its forms, and its keys")
  func completion() {
    let context = CompletionContext(variables: [:], listDirectory: { _ in [] })
    func complete(_ line: String) -> [String] {
      Completer.candidates(line: line, cursor: line.utf8.count, context: context)
    }
    for declaration in CommandTable.declarations {
      var typed = ""
      for word in declaration.words {
        #expect(complete(typed + String(word.prefix(2))).contains(word), "\(declaration.name): '\(word)'")
        typed += word + " "
      }
      for key in declaration.allKeys {
        #expect(complete(typed + key.name).contains(key.name + "="), "\(declaration.name): \(key.name)=")
      }
      // Walk each form, typing a stand-in for every value: each literal word is offered where it belongs.
      for form in declaration.forms {
        var line = typed
        for slot in form.slots {
          switch slot {
          case .word(let literal):
            #expect(complete(line).contains(literal), "\(declaration.name): '\(literal)' after '\(line)'")
            line += literal + " "
          case .value(_, let kind), .values(_, let kind):
            if let values = kind.fixedValues {
              #expect(Set(values).isSubset(of: complete(line)), "\(declaration.name): values after '\(line)'")
            }
            line += (kind.fixedValues?.first ?? "$x") + " "
          }
        }
      }
    }
  }

  @Test("set completes option names; request completes methods")
  func setAndRequest() {
    let context = CompletionContext(variables: [:], listDirectory: { _ in [] })
    #expect(Completer.candidates(line: "set ou", cursor: 6, context: context) == ["output"])
    #expect(Completer.candidates(line: "request P", cursor: 9, context: context) == ["PATCH", "POST", "PUT"])
  }

  @Test("a file name with a space is offered quoted")
  func quotedFile() {
    let context = CompletionContext(variables: [:], listDirectory: { _ in ["my courses.json"] })
    let line = "courses upsert from my"
    #expect(Completer.candidates(line: line, cursor: line.utf8.count, context: context) == ["\"my courses.json\""])
  }
}
