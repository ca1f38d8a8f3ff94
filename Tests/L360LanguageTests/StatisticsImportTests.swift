import Foundation
import L360Language
import L360Sandbox
import L360TestSupport
import Testing

@Suite("The sandbox's external statistics import, reached with request and await")
struct StatisticsImportTests {
  /// An integration with two external courses, `sql` and `git`, and the statistics endpoint of it in `$stats`.
  static let setUp = #"""
    let i = integration create platform=Coursera group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
    let upsert = courses upsert [{"externalId": "sql", "name": "Intro to SQL", "defaultLang": "en", "launchUrl": "https://c.example/sql", "subjects": [], "sources": []}, {"externalId": "git", "name": "Git", "defaultLang": "en", "launchUrl": "https://c.example/git", "subjects": [], "sources": []}] into $i
    let upserted = await $upsert
    let git = courses get git in $i
    let stats = "/api/v2/bulk/integrations/${i._id}/stats"
    """#

  @Test("each statistic names a course and a learner either way; a repeat updates the attempt unless forceNew")
  func importsAndUpdates() async throws {
    let (host, error) = try await runScript(
      Self.setUp + "\n"
        + #"""
        let dates = {"firstActivityAt": "2026-03-01T09:00:00Z", "lastActivityAt": "2026-03-02T10:30:00.250+01:00"}
        let byMail = {"courseIdentifier": {"type": "externalId", "value": "sql"}, "userIdentifier": {"type": "mail", "value": "Alice.Martin@acme.example"}, "progress": 40, "timeSpent": 600000} + $dates
        let byId = {"courseIdentifier": {"type": "internalId", "value": $git.courseId}, "userIdentifier": {"type": "internalId", "value": "64b7e1f2a3c4d5e6f7a8b9c1"}, "progress": 100, "score": 87.5, "result": "success", "timeSpent": 1200000, "lang": "fr"} + $dates
        let first = request POST $stats body={"input": [$byMail, $byId]}
        let one = await $first
        print $first.status, $one.type, $one.succeeded, $one.failed
        let again = request POST $stats body={"input": [$byMail + {"progress": 80}, $byMail + {"forceNew": true}]}
        let two = await $again
        print $two.results[0].resourceId == $one.results[0].resourceId, $two.results[1].resourceId == $one.results[0].resourceId
        """#)
    #expect(error == nil, "\(String(describing: error))")
    #expect(host.output.contains("202 importExternalStatistics 2 0"), "\(host.output)")
    #expect(host.output.last == "true false", "\(host.output)")
  }

  @Test("an unknown course or learner, or dates out of order, fail their item alone")
  func itemFailures() async throws {
    let (host, error) = try await runScript(
      Self.setUp + "\n"
        + #"""
        let base = {"courseIdentifier": {"type": "externalId", "value": "sql"}, "userIdentifier": {"type": "mail", "value": "alice.martin@acme.example"}, "progress": 10, "timeSpent": 1000, "firstActivityAt": "2026-03-01T09:00:00Z", "lastActivityAt": "2026-03-01T10:00:00Z"}
        let sent = request POST $stats body={"input": [$base, $base + {"courseIdentifier": {"type": "externalId", "value": "nope"}}, $base + {"courseIdentifier": {"type": "internalId", "value": "586d1323bc4937445ed96c37"}}, $base + {"userIdentifier": {"type": "mail", "value": "nobody@acme.example"}}, $base + {"lastActivityAt": "2026-03-01T08:59:59+00:00"}]}
        let job = await $sent
        print $job.succeeded, $job.failed
        for e in $job.errors { print $e.errorMessage }
        """#)
    #expect(error == nil, "\(String(describing: error))")
    #expect(
      Array(host.output.suffix(5)) == [
        "1 4",
        #"No external course with externalId "nope" exists in this integration."#,
        "The course 586d1323bc4937445ed96c37 is not an external course of this integration.",
        "No user has the mail nobody@acme.example.",
        "lastActivityAt is before firstActivityAt.",
      ], "\(host.output)")
  }

  @Test("an invalid statistic refuses the whole call with the field named, and nothing is queued")
  func invalidInput() async throws {
    let (host, error) = try await runScript(
      Self.setUp + "\n"
        + #"""
        let good = {"courseIdentifier": {"type": "externalId", "value": "sql"}, "userIdentifier": {"type": "mail", "value": "alice.martin@acme.example"}, "progress": 10, "timeSpent": 1000, "firstActivityAt": "2026-03-01T09:00:00Z", "lastActivityAt": "2026-03-01T10:00:00Z"}
        let over = request POST $stats body={"input": [$good, $good + {"progress": 150}]}
        print $over.status, $over.body.error.code, $over.body.error.message
        let date = request POST $stats body={"input": [$good + {"firstActivityAt": "2026-03-01 09:00"}]}
        print $date.body.error.message
        let kind = request POST $stats body={"input": [$good + {"userIdentifier": {"type": "email", "value": "a@b.c"}}]}
        print $kind.body.error.message
        let jobs = jobs list type=importExternalStatistics
        print len($jobs)
        """#)
    #expect(error == nil, "\(String(describing: error))")
    let lines = host.output.suffix(4)
    #expect(
      lines.first == "400 invalidInput /input/1/progress: must be from 0 to 100, not 150", "\(host.output)")
    #expect(
      host.output.contains(
        #"/input/0/firstActivityAt: must be a date and time like 2026-03-01T09:30:00Z, not "2026-03-01 09:00""#),
      "\(host.output)")
    #expect(host.output.contains { $0.hasPrefix("/input/0/userIdentifier/type: \"email\" is not allowed") })
    #expect(host.output.last == "0")
  }

  @Test(
    "attempts follow the spec: an open one is updated, a completed one is kept as it is, later activity starts another")
  func attemptRule() async throws {
    let (host, error) = try await runScript(
      Self.setUp + "\n"
        + #"""
        let base = {"courseIdentifier": {"type": "externalId", "value": "sql"}, "userIdentifier": {"type": "mail", "value": "alice.martin@acme.example"}, "timeSpent": 1000}
        let march = {"firstActivityAt": "2026-03-01T09:00:00Z", "lastActivityAt": "2026-03-05T09:00:00Z"}
        let one = request POST $stats body={"input": [$base + $march + {"progress": 50, "score": 70}]}
        let first = await $one
        let open = $first.results[0].resourceId
        let two = request POST $stats body={"input": [$base + {"firstActivityAt": "2026-03-04T09:00:00Z", "lastActivityAt": "2026-03-06T09:00:00Z", "progress": 100}]}
        let second = await $two
        print $second.results[0].resourceId == $open
        let three = request POST $stats body={"input": [$base + {"firstActivityAt": "2026-03-05T10:00:00Z", "lastActivityAt": "2026-03-05T11:00:00Z", "progress": 10}]}
        let third = await $three
        let sql = courses get sql in $i
        let kept = request GET /api/v2/courses/stats query={"courseId[eq]": $sql.courseId}
        print $third.succeeded, $third.results[0].resourceId == $open, len($kept.body), $kept.body[0].progress
        let four = request POST $stats body={"input": [$base + {"firstActivityAt": "2026-04-01T09:00:00Z", "lastActivityAt": "2026-04-01T10:00:00Z", "progress": 10}]}
        let fourth = await $four
        print $fourth.succeeded, $fourth.results[0].resourceId == $open
        """#)
    #expect(error == nil, "\(String(describing: error))")
    #expect(Array(host.output.suffix(3)) == ["true", "1 true 1 100", "1 false"], "\(host.output)")
  }

  @Test("a partly failed await says where its errors are: the bound variable, the job awaited, or $_")
  func errorsAreNamed() async throws {
    let (host, error) = try await runScript(
      Self.setUp + "\n"
        + #"""
        let bad = {"courseIdentifier": {"type": "externalId", "value": "nope"}, "userIdentifier": {"type": "mail", "value": "alice.martin@acme.example"}, "progress": 1, "timeSpent": 1, "firstActivityAt": "2026-03-01T09:00:00Z", "lastActivityAt": "2026-03-01T10:00:00Z"}
        let one = request POST $stats body={"input": [$bad]}
        let named = await $one
        let two = request POST $stats body={"input": [$bad]}
        await $two
        let three = request POST $stats body={"input": [$bad]}
        let job = await $three
        await $job
        """#)
    #expect(error == nil, "\(String(describing: error))")
    let said = host.noteLines.filter { $0.hasPrefix("await: 1 of 1 item failed") }
    #expect(
      said.map { $0.components(separatedBy: "are in ").last ?? "" } == [
        "$named.errors (--strict makes this fail the run)", "$_.errors (--strict makes this fail the run)",
        "$job.errors (--strict makes this fail the run)", "$job.errors (--strict makes this fail the run)",
      ], "\(host.noteLines)")
  }

  @Test("with --strict, a failed await of a request's answer says to bind the job first to handle it")
  func strictHandlingHint() async throws {
    var options = Options()
    options.strict = true
    let (_, error) = try await runScript(
      Self.setUp + "\n"
        + #"""
        let bad = {"courseIdentifier": {"type": "externalId", "value": "nope"}, "userIdentifier": {"type": "mail", "value": "alice.martin@acme.example"}, "progress": 1, "timeSpent": 1, "firstActivityAt": "2026-03-01T09:00:00Z", "lastActivityAt": "2026-03-01T10:00:00Z"}
        let one = request POST $stats body={"input": [$bad]}
        let named = await $one
        """#, options: options)
    #expect(error?.message == "await: 1 of 1 item failed (--strict)", "\(String(describing: error))")
    #expect(
      error?.notes.first?.contains("take the job first (let job = jobs get $one), then: try { await $job }") == true,
      "\(String(describing: error))")
  }

  @Test("imported attempts are read back in the course statistics, whole numbers, completed at their last activity")
  func readBack() async throws {
    let (host, error) = try await runScript(
      Self.setUp + "\n"
        + #"""
        let done = {"courseIdentifier": {"type": "externalId", "value": "git"}, "userIdentifier": {"type": "mail", "value": "alice.martin@acme.example"}, "progress": 100, "score": 87.5, "timeSpent": 5000, "firstActivityAt": "2026-03-01T09:00:00Z", "lastActivityAt": "2026-03-02T10:00:00Z", "lang": "fr"}
        let sent = request POST $stats body={"input": [$done]}
        let job = await $sent
        let all = request GET /api/v2/courses/stats
        let mine = request GET /api/v2/courses/stats query={"courseId[eq]": $git.courseId}
        print len($all.body), len($mine.body)
        print $mine.body[0].progress, $mine.body[0].score, $mine.body[0].completedAt, $mine.body[0].lang
        let finished = request GET /api/v2/courses/stats query={"completedAt[gte]": "2026-03-01T00:00:00Z"}
        print len($finished.body)
        """#)
    #expect(error == nil, "\(String(describing: error))")
    #expect(
      Array(host.output.suffix(3)) == ["21 1", "100 88 2026-03-02T10:00:00Z fr", "1"], "\(host.output)")
  }
}
