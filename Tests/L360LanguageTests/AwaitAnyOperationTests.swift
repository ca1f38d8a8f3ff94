import Foundation
import L360Language
import L360Sandbox
import L360TestSupport
import Testing

@Suite("await and jobs get take any name of a bulk operation")
struct AwaitAnyOperationTests {
  @Test("a request's answer, its Location (URL or path) and an operation id are awaited as jobs, results included")
  func anyName() async throws {
    let (host, error) = try await runScript(
      #"""
      let i = integration create platform=awaitAny group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      let r = request PUT "/api/v2/bulk/integrations/${i._id}/courses" body={"input": [{"externalId": "a", "name": "A", "defaultLang": "en", "launchUrl": "https://x.example", "subjects": [], "sources": []}, {"externalId": "b", "name": "B", "defaultLang": "en", "launchUrl": "https://x.example", "subjects": [], "sources": [], "authorId": "0123456789abcdef01234567"}]}
      assert $r.status == 202
      let job = await $r
      print $job.status, $job.succeeded, $job.failed, $job.errors[0].input.externalId
      let url = await $r.headers.location
      let path = "/api/v2/bulk/operations/" + $job.id
      let byPath = await $path
      let byId = jobs get $job.id
      let fromRequest = jobs get $r
      print $url.id == $job.id, $byPath.succeeded, $byId.status, $fromRequest.failed
      """#)
    #expect(error == nil, "\(String(describing: error))")
    #expect(host.output.contains("completed 1 1 b"), "\(host.output)")
    #expect(host.output.last == "true 1 completed 1")
  }

  @Test(
    "values that name no operation are refused with the reason",
    arguments: [
      (#"await "nope""#, #""nope" is neither an operation id (24 hexadecimal characters) nor a Location"#),
      (
        "let r = request GET /api/v2/integrations\nawait $r",
        "this request's answer (status 200) has no Location header"
      ),
      ("await 42", "a number"),
      ("jobs get /api/v2/integrations", "nor a Location like /api/v2/bulk/operations/ID"),
    ])
  func refused(script: String, reason: String) async throws {
    let (_, error) = try await runScript(script)
    #expect(error?.message.contains(reason) == true, "\(String(describing: error))")
  }

  @Test("in a dry run, awaiting a bulk request that was printed, not sent, says so and the script goes on")
  func dryRunRequest() async throws {
    var options = Options()
    options.dryRun = true
    let (host, error) = try await runScript(
      #"""
      let sent = request POST /api/v2/bulk/groups/memberships body={"input": [{"userId": "62bdbc00293a604543f44386", "groupId": "64b7e1f2a3c4d5e6f7a8b901", "role": "coach"}]}
      let job = await $sent
      print $sent.status, $job.succeeded, $job.failed
      """#, options: options)
    #expect(error == nil, "\(String(describing: error))")
    #expect(host.output.last == "0 0 0", "\(host.output)")
    #expect(host.noteLines.contains("dry-run: the request was not submitted; nothing to await"), "\(host.noteLines)")
  }
}
