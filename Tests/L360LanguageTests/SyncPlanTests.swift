import Foundation
import L360JSON
import L360TestSupport
import Testing

@testable import L360Language

@Suite("Sync plans: the quick hash of an item's text is the hash of its compact JSON")
struct SyncPlanTests {
  @Test(
    "an item hashes the same from its text (any layout) as from its parsed value, and its externalId is found",
    arguments: [
      #"{"externalId":"a-1","name":"Plain","subjects":["x"],"sources":[{"name":"S"}],"duration":45}"#,
      #"{ "name" : "Spaced",  "externalId" : "a-2", "n": [ 1 , 2 ] }"#,
      #"{"nested":{"externalId":"not-this"},"externalId":"a-3"}"#,
      #"{"externalId":"a-4","name":"Escaped \"quote\" and \u00e9"}"#,
      #"{"externalId":"é-5","name":"Ünïcode"}"#,
    ])
  func hashes(text: String) throws {
    let folder = try temporaryFolder("sync-plan")
    let file = folder.appendingPathComponent("items.jsonl")
    try Data((text + "\n").utf8).write(to: file)
    let stream = try ItemStream(path: file.path, name: "items.jsonl")
    let record = try #require(try stream.nextRecord())
    var buffer: [UInt8] = []
    let (externalId, hash) = try #require(SyncPlan.identify(record, name: "items.jsonl", buffer: &buffer))
    let parsed = try JSONParser.parse(text)
    #expect(externalId == parsed["externalId"]?.stringValue)
    #expect(hash == SyncState.hash(parsed))
  }

  @Test("an item without a top-level externalId has none")
  func noExternalId() {
    #expect(SyncPlan.topLevelString("externalId", in: Array(#"{"a":{"externalId":"x"}}"#.utf8)) == nil)
    #expect(SyncPlan.topLevelString("externalId", in: Array(#"{"externalId":1}"#.utf8)) == nil)
    #expect(SyncPlan.topLevelString("externalId", in: Array(#"{"x":"externalId","externalId":"y"}"#.utf8)) == "y")
  }
}
