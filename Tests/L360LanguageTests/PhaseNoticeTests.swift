import Foundation
import L360Language
import L360Sandbox
import L360TestSupport
import Testing

@Suite("Long phases say what they are doing")
struct PhaseNoticeTests {
  @Test("validation counts the items checked and their rate, and each chunk is said as it is sent")
  func validationAndChunks() async throws {
    let folder = try temporaryFolder("l360-phases")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("courses.jsonl")
    let lines = (1...5000).map {
      #"{"externalId":"p\#($0)","name":"P","defaultLang":"en","launchUrl":"https://x.example/\#($0)","subjects":[],"sources":[]}"#
    }
    try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    var options = Options()
    options.phaseNoticeAfter = .zero
    let (host, error) = try await runScript(
      """
      let i = integration create platform=phases group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      set chunk-size 2000
      let job = courses upsert from "\(file.path)" into $i
      await $job
      """, options: options)
    #expect(error == nil, "\(String(describing: error))")
    let checks = host.activityLines.filter { $0.hasPrefix("courses upsert: checking \(file.path): ") }
    // One line per batch of 4,096 items, counting up to all of them, each with a rate.
    #expect(checks.count == 2, "\(host.activityLines)")
    #expect(checks.first?.hasPrefix("courses upsert: checking \(file.path): 4096 items (") == true)
    #expect(checks.last?.hasPrefix("courses upsert: checking \(file.path): 5000 items (") == true)
    #expect(checks.allSatisfy { $0.hasSuffix("/s)") })
    #expect(
      host.activityLines.filter { $0.hasPrefix("courses upsert: sending chunk ") } == [
        "courses upsert: sending chunk 1 of 3 (2000 items)", "courses upsert: sending chunk 2 of 3 (2000 items)",
        "courses upsert: sending chunk 3 of 3 (1000 items)",
      ])
  }
}
