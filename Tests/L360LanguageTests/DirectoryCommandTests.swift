import Foundation
import L360Language
import L360Sandbox
import L360TestSupport
import Testing

@Suite("groups and users: the company's directory")
struct DirectoryCommandTests {
  @Test("groups list and get show the hierarchy; users list filters by status; users get shows one profile")
  func directory() async throws {
    let options = Options.jsonOutput
    let (host, error) = try await runScript(
      """
      let groups = groups list
      let root = $groups | where parentId == null
      assert len($root) == 1
      let sales = groups list | where parentId == "64b7e1f2a3c4d5e6f7a8b9c0" | sort name | select name
      $sales
      let main = groups get 62be0535045424d93edaad7b
      print $main.name, $main.parentId == $root[0]._id
      let invited = users list status=invited
      assert len($invited) > 0
      let others = $invited | where status != "invited"
      assert len($others) == 0
      let everyone = users list
      print len($everyone)
      let alice = users get 62bdbc00293a604543f44386
      print $alice.mail, $alice.status
      let byMail = users list mail=alice.martin@acme.example
      print $byMail[0]._id
      """, options: options)
    #expect(error == nil, "\(String(describing: error))")
    #expect(host.output.contains(#"[{"name":"Sales Americas"},{"name":"Sales EMEA"}]"#), "\(host.output)")
    #expect(host.output.contains(#""Learning & Development true""#))
    #expect(host.output.contains(#""30""#))
    #expect(host.output.contains(#""alice.martin@acme.example active""#))
    #expect(host.output.last == #""62bdbc00293a604543f44386""#)
  }

  @Test("an unknown id answers the API's error; a malformed one is refused before sending")
  func errors() async throws {
    let (_, unknown) = try await runScript("users get 000000000000000000000000")
    #expect(unknown?.code == "userNotFound")
    let (_, malformed) = try await runScript("groups get sales")
    #expect(
      malformed?.message.contains("must be a 24-character hexadecimal id") == true, "\(String(describing: malformed))")
  }
}
