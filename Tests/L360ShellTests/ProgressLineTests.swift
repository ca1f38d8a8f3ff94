import Foundation
import Synchronization
import Testing

@testable import L360Shell

@Suite("The status line off a terminal: plain lines per phase, throttled")
struct ProgressLineTests {
  /// A status line written into `lines`, on a clock the test moves by hand.
  final class Fixture: Sendable {
    let lines = Mutex<[String]>([])
    let offset = Mutex(Duration.zero)
    let start = ContinuousClock.now
    var line: ProgressLine {
      ProgressLine(
        terminal: false, quiet: false, plainInterval: .seconds(5),
        write: { text in self.lines.withLock { $0.append(text) } },
        now: { self.start + self.offset.withLock { $0 } })
    }
    func at(_ seconds: Double) { offset.withLock { $0 = .milliseconds(Int(seconds * 1000)) } }
  }

  @Test("a phase is said once it has lasted 2 s, then every 5 s; another phase is not held back by it")
  func phasesApart() {
    let fixture = Fixture()
    let line = fixture.line
    fixture.at(0)
    line.show("courses upsert: checking a.json: 10 items", phase: "checking")
    fixture.at(2.5)
    line.show("courses upsert: checking a.json: 5000 items", phase: "checking")
    fixture.at(2.6)
    line.show("courses upsert: sending chunk 1 of 3", phase: "sending")
    fixture.at(4)
    line.show("courses upsert: checking a.json: 9000 items", phase: "checking")
    fixture.at(4.7)
    line.show("courses upsert: sending chunk 2 of 3", phase: "sending")
    fixture.at(5)
    line.show("courses upsert: retrying in 1 s", phase: "retrying", always: true)
    #expect(
      fixture.lines.withLock { $0 } == [
        "l360: courses upsert: checking a.json: 5000 items\n", "l360: courses upsert: sending chunk 2 of 3\n",
        "l360: courses upsert: retrying in 1 s\n",
      ])
  }

  @Test("a phase that ended starts afresh: a second await is not said in its first 2 s")
  func endedPhaseStartsAfresh() {
    let fixture = Fixture()
    let line = fixture.line
    fixture.at(0)
    line.show("await: running 1/2 importExternalCourses", phase: "await")
    fixture.at(1)
    line.show("await: completed 2/2 importExternalCourses", phase: "await", final: true)
    fixture.at(3)
    line.show("await: running 0 importExternalStatistics", phase: "await")
    fixture.at(5.5)
    line.show("await: running 10 importExternalStatistics", phase: "await")
    #expect(fixture.lines.withLock { $0 } == ["l360: await: running 10 importExternalStatistics\n"])
  }

  @Test("quiet says nothing, not even a retry")
  func quiet() {
    let lines = Mutex<[String]>([])
    let line = ProgressLine(
      terminal: false, quiet: true, plainInterval: .seconds(5), write: { text in lines.withLock { $0.append(text) } },
      now: { ContinuousClock.now })
    line.show("courses upsert: retrying in 1 s", phase: "retrying", always: true)
    #expect(lines.withLock { $0.isEmpty })
  }
}
