import Foundation
import L360Language
import L360Sandbox
import L360TestSupport
import Testing

@Suite("The sandbox's library and membership bulk operations, reached with request and await")
struct GroupBulkOperationTests {
  @Test("library add and remove change the library's ids; each item has its outcome")
  func library() async throws {
    let options = Options.jsonOutput
    let (host, error) = try await runScript(
      #"""
      let group = "64b7e1f2a3c4d5e6f7a8b901"
      let before = request GET "/api/v2/groups/${group}/library/course-ids"
      let added = request POST /api/v2/bulk/groups/library body={"input": [{"groupId": $group, "contentType": "course", "contentId": "64b7e1f2a3c4d5e6f7a8b9c2"}, {"groupId": $group, "contentType": "path", "contentId": "0123456789abcdef01234567"}]}
      let job = await $added
      print $job.succeeded, $job.failed, $job.errors[0].errorMessage
      let after = request GET "/api/v2/groups/${group}/library/course-ids"
      print len($before.body), len($after.body)
      let removed = request DELETE /api/v2/bulk/groups/library body={"input": [{"groupId": $group, "contentType": "course", "contentId": "64b7e1f2a3c4d5e6f7a8b9c2"}]}
      let undone = await $removed
      let last = request GET "/api/v2/groups/${group}/library/course-ids"
      print $undone.succeeded, len($last.body)
      """#, options: options)
    #expect(error == nil, "\(String(describing: error))")
    #expect(
      host.output.contains(
        #""1 1 The given contentId 0123456789abcdef01234567 does not correspond to any existing path.""#),
      "\(host.output)")
    #expect(host.output.contains(#""1 2""#))
    #expect(host.output.last == #""1 1""#)
  }

  @Test("memberships add and remove a role; removing a role the user lacks fails that item alone")
  func memberships() async throws {
    let (host, error) = try await runScript(
      #"""
      let add = request POST /api/v2/bulk/groups/memberships body={"input": [{"userId": "62bdbc00293a604543f44386", "groupId": "64b7e1f2a3c4d5e6f7a8b901", "role": "coach"}, {"userId": "000000000000000000000000", "groupId": "64b7e1f2a3c4d5e6f7a8b901", "role": "learner"}]}
      let added = await $add
      print $added.succeeded, $added.failed
      let remove = request DELETE /api/v2/bulk/groups/memberships body={"input": [{"userId": "62bdbc00293a604543f44386", "groupId": "64b7e1f2a3c4d5e6f7a8b901", "role": "coach"}, {"userId": "62bdbc00293a604543f44386", "groupId": "64b7e1f2a3c4d5e6f7a8b901", "role": "admin"}]}
      let removed = await $remove
      print $removed.succeeded, $removed.failed, $removed.errors[0].errorMessage
      let refused = request POST /api/v2/bulk/groups/memberships body={"input": [{"userId": "62bdbc00293a604543f44386", "groupId": "64b7e1f2a3c4d5e6f7a8b901", "role": "boss"}]}
      print $refused.status, $refused.body.error.code
      """#)
    #expect(error == nil, "\(String(describing: error))")
    #expect(host.output.contains("1 1"))
    #expect(
      host.output.contains("1 1 The user 62bdbc00293a604543f44386 has no role admin in group 64b7e1f2a3c4d5e6f7a8b901.")
    )
    #expect(host.output.last == "400 invalidInput")
  }
}
