import Foundation
import L360Language
import L360Sandbox
import L360TestSupport
import Testing

/// A script's printed lines, each as the text it printed (the JSON output quotes every printed line).
private func printed(_ host: CapturingHost) -> [String] {
  host.output.map { $0.hasPrefix("\"") && $0.hasSuffix("\"") ? String($0.dropFirst().dropLast()) : $0 }
}

@Suite("The sandbox's courses, paths and path sessions, explored with request")
struct SandboxContentTests {
  @Test("courses list and filter by type, status, creation date, group and author; one course by id")
  func courses() async throws {
    let (host, error) = try await runScript(
      #"""
      let all = request GET /api/v2/courses
      let standard = request GET /api/v2/courses query={"type[eq]": "elearning standard"}
      let archived = request GET "/api/v2/courses?status[eq]=archived"
      let recent = request GET /api/v2/courses query={"createdAt[gte]": "2026-01-01T00:00:00Z"}
      let sales = request GET /api/v2/courses query={"groupId[eq]": "64b7e1f2a3c4d5e6f7a8b9c0"}
      let byBruno = request GET /api/v2/courses query={"authorId[eq]": "64b7e1f2a3c4d5e6f7a8b9c1"}
      print len($all.body), len($standard.body), len($recent.body), len($sales.body), len($byBruno.body)
      print $archived.body[0].name, $archived.body[0].status
      let one = request GET /api/v2/courses/586d1323bc4937445ed96c37
      print $one.status, $one.body.name, $one.body.type
      let none = request GET /api/v2/courses/000000000000000000000000
      print $none.status, $none.body.error.code
      """#, options: .jsonOutput)
    #expect(error == nil, "\(String(describing: error))")
    #expect(
      printed(host) == [
        "12 2 2 2 1", "Legacy Pricing 2023 archived", "200 Customer Onboarding Essentials native",
        "404 courseNotFound",
      ], "\(host.output)")
  }

  @Test("paths hold course steps; sessions list across paths, filter by path and id, and belong to their path")
  func pathsAndSessions() async throws {
    let (host, error) = try await runScript(
      #"""
      let paths = request GET /api/v2/paths
      let live = request GET /api/v2/paths query={"status[eq]": "published"}
      print len($paths.body), len($live.body)
      let path = request GET /api/v2/paths/64b7e1f2a3c4d5e6f7a8b9c3
      print $path.body.name, len($path.body.steps), $path.body.steps[0].type
      let first = request GET "/api/v2/courses/${path.body.steps[0]._id}"
      print $first.body.name
      let sessions = request GET /api/v2/paths/sessions
      let ofPath = request GET /api/v2/paths/sessions query={"pathId[eq]": "64b7e1f2a3c4d5e6f7a8b9c3"}
      let two = request GET "/api/v2/paths/sessions?sessionId[in]=596e151663b0c99f03a3e049&sessionId[in]=64c0dd000000000000000004"
      let started = request GET /api/v2/paths/sessions query={"startDate[gte]": "2026-04-01T00:00:00Z"}
      print len($sessions.body), len($ofPath.body), len($two.body), len($started.body)
      print $sessions.body[0].translations ?? "none"
      let inPath = request GET /api/v2/paths/64c0cc000000000000000001/sessions
      print len($inPath.body), len($inPath.body[0].translations)
      let session = request GET /api/v2/paths/64b7e1f2a3c4d5e6f7a8b9c3/sessions/596e151663b0c99f03a3e049
      print $session.body.name
      let elsewhere = request GET /api/v2/paths/64c0cc000000000000000001/sessions/596e151663b0c99f03a3e049
      let missing = request GET /api/v2/paths/64b7e1f2a3c4d5e6f7a8b9c3/sessions/000000000000000000000000
      let noPath = request GET /api/v2/paths/000000000000000000000000/sessions
      print $elsewhere.status, $elsewhere.body.error.code, $missing.body.error.code, $noPath.body.error.code
      """#, options: .jsonOutput)
    #expect(error == nil, "\(String(describing: error))")
    #expect(
      printed(host) == [
        "4 3", "New Hire Journey 3 course", "Welcome to Acme", "6 2 2 3", "none", "2 0",
        "New Hire Journey, January cohort", "400 sessionNotBelongToPath sessionNotFound pathNotFound",
      ], "\(host.output)")
  }

  @Test("an imported external course joins the course list; archived, it stays listed and leaves the catalogs")
  func externalCoursesAreListed() async throws {
    let (host, error) = try await runScript(
      #"""
      let i = integration create platform=Coursera group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      let upsert = courses upsert [{"externalId": "ext-1", "name": "Intro to SQL", "defaultLang": "en", "launchUrl": "https://c.example/1", "subjects": [], "sources": []}] into $i
      let upserted = await $upsert
      let external = request GET /api/v2/courses query={"type[eq]": "external"}
      print len($external.body), $external.body[0].name, $external.body[0].externalPlatform, $external.body[0].status
      let id = $external.body[0]._id
      let archive = courses archive ext-1 from $i
      let archived = await $archive
      let after = request GET "/api/v2/courses/${id}"
      print $after.body.status
      let readd = request POST /api/v2/bulk/groups/catalog body={"input": [{"groupId": "62be0535045424d93edaad7b", "contentType": "course", "contentId": $id}]}
      let job = await $readd
      print $job.failed
      """#, options: .jsonOutput)
    #expect(error == nil, "\(String(describing: error))")
    #expect(printed(host) == ["1 Intro to SQL Coursera published", "archived", "1"], "\(host.output)")
  }

  @Test("dates filter by the instant they name, whatever their precision or offset, bounds included")
  func dateBounds() async throws {
    let (host, error) = try await runScript(
      #"""
      let from = request GET /api/v2/courses query={"createdAt[gte]": "2026-01-10T08:00:00Z"}
      let before = request GET /api/v2/courses query={"createdAt[lt]": "2026-01-10T08:00:00Z"}
      let offset = request GET /api/v2/courses query={"createdAt[gte]": "2026-01-10T09:00:00+01:00"}
      let later = request GET /api/v2/courses query={"createdAt[gte]": "2026-01-10T08:00:00.001Z"}
      print len($from.body), len($before.body), len($offset.body), len($later.body)
      """#, options: .jsonOutput)
    #expect(error == nil, "\(String(describing: error))")
    #expect(printed(host) == ["2 10 2 1"], "\(host.output)")
  }

  @Test("list filters: repeated and list values, in and nin, on users, integrations and operations")
  func filters() async throws {
    let (host, error) = try await runScript(
      #"""
      let a = integration create platform=alpha group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      let b = integration create platform=beta group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      let c = integration create platform=gamma group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      let two = request GET "/api/v2/integrations?externalPlatform[in]=alpha&externalPlatform[in]=gamma"
      let notTwo = request GET /api/v2/integrations query={"externalPlatform[nin]": ["alpha", "gamma"]}
      print len($two.body), len($notTwo.body), $notTwo.body[0].externalPlatform
      let pair = request GET /api/v2/users query={"mail[in]": ["alice.martin@acme.example", "bruno.bernard@acme.example"]}
      print len($pair.body)
      let sessions = request GET /api/v2/paths/sessions query={"sessionId[in]": ["596e151663b0c99f03a3e049", "64c0dd000000000000000004"], "pathId[ne]": "64b7e1f2a3c4d5e6f7a8b9c3"}
      print len($sessions.body), $sessions.body[0].name
      let job = courses upsert [{"externalId": "x", "name": "X", "defaultLang": "en", "launchUrl": "https://x.example", "subjects": [], "sources": []}] into $a
      let done = await $job
      let past = request GET /api/v2/bulk/operations query={"createdAt[lt]": "2000-01-01T00:00:00Z"}
      let since = request GET /api/v2/bulk/operations query={"createdAt[gte]": "2000-01-01T00:00:00+02:00"}
      print len($past.body), len($since.body)
      """#, options: .jsonOutput)
    #expect(error == nil, "\(String(describing: error))")
    #expect(printed(host) == ["2 1 beta", "2", "1 Support Certification, Q2", "0 1"], "\(host.output)")
  }

  @Test("a GET on a path only POST takes is 405 with Allow, not a course or path id")
  func literalSiblings() async throws {
    let (host, error) = try await runScript(
      #"""
      let standard = request GET /api/v2/courses/elearning-standard unchecked=true
      let tokens = request GET /api/v2/paths/add-tokens unchecked=true
      print $standard.status, $standard.headers.allow, $tokens.status, $tokens.headers.allow
      """#, options: .jsonOutput)
    #expect(error == nil, "\(String(describing: error))")
    #expect(printed(host) == ["405 POST 405 POST"], "\(host.output)")
  }

  @Test("archived content cannot be added to a library, but what a library holds can be taken out, archived or not")
  func archivedInLibraries() async throws {
    let (host, error) = try await runScript(
      #"""
      let i = integration create platform=lib group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      let up = courses upsert [{"externalId": "old", "name": "Old", "defaultLang": "en", "launchUrl": "https://x.example", "subjects": [], "sources": []}] into $i
      let upserted = await $up
      let course = courses get old in $i
      let group = "64b7e1f2a3c4d5e6f7a8b901"
      let add = request POST /api/v2/bulk/groups/library body={"input": [{"groupId": $group, "contentType": "course", "contentId": $course.courseId}, {"groupId": $group, "contentType": "path", "contentId": "64c0cc000000000000000003"}]}
      let added = await $add
      print $added.succeeded, $added.failed
      let archive = courses archive old from $i
      let archived = await $archive
      let held = request GET "/api/v2/groups/${group}/library/course-ids"
      print $course.courseId in $held.body
      let remove = request DELETE /api/v2/bulk/groups/library body={"input": [{"groupId": $group, "contentType": "course", "contentId": $course.courseId}]}
      let removed = await $remove
      print $removed.succeeded
      """#, options: .jsonOutput)
    #expect(error == nil, "\(String(describing: error))")
    #expect(printed(host) == ["1 1", "true", "1"], "\(host.output)")
  }
}
