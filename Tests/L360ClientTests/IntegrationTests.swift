import L360Client
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

@Suite("Integrations against the sandbox")
struct IntegrationTests {
  @Test("create, list with a filter, update, delete")
  func lifecycle() async throws {
    try await withSandbox { _, client in
      let created = try await client.createIntegration(
        IntegrationDraft(
          externalPlatform: "myPlatform", groupId: SeedData.mainGroupId, authorId: SeedData.authorId,
          logoUrl: "https://cdn.example.com/logo.svg", defaultCompletion: true, defaultProgress: 0,
          noGroupPropagation: false))
      #expect(created.externalPlatform == "myPlatform")
      #expect(created.json["defaultCompletion"] == true)
      #expect(created.json["externalPlatformLogoUrl"] == "https://cdn.example.com/logo.svg")

      _ = try await client.createIntegration(
        IntegrationDraft(externalPlatform: "other", groupId: SeedData.mainGroupId, authorId: SeedData.authorId))
      let filtered = try await client.listIntegrations(externalPlatform: "myPlatform")
      #expect(filtered.map(\.id) == [created.id])
      #expect(try await client.listIntegrations().count == 2)

      let updated = try await client.updateIntegration(id: created.id, changes: ["defaultProgress": 50])
      #expect(updated.id == created.id)
      #expect(updated.json["defaultProgress"] == 50)

      try await client.deleteIntegration(id: created.id)
      #expect(try await client.listIntegrations().map(\.externalPlatform) == ["other"])
      let gone = try await #require(throws: APIError.self) { try await client.deleteIntegration(id: created.id) }
      #expect(gone.status == 404)
      #expect(gone.code == "integrationNotFound")
      #expect(gone.description.hasPrefix("integration delete failed: integrationNotFound: "))
    }
  }

  @Test("API errors name the operation, the code and the message")
  func apiErrors() async throws {
    try await withSandbox { _, client in
      let draft = IntegrationDraft(externalPlatform: "dup", groupId: SeedData.mainGroupId, authorId: SeedData.authorId)
      _ = try await client.createIntegration(draft)
      let duplicate = try await #require(throws: APIError.self) { try await client.createIntegration(draft) }
      #expect(
        duplicate.description
          == "integration create failed: duplicateExternalPlatform: An integration for the external platform \"dup\" already exists in this group. (HTTP 400)"
      )
      let noGroup = try await #require(throws: APIError.self) {
        try await client.createIntegration(
          IntegrationDraft(externalPlatform: "x", groupId: "aaaaaaaaaaaaaaaaaaaaaaaa", authorId: SeedData.authorId))
      }
      #expect(noGroup.status == 404 && noGroup.code == "groupNotFound")
      let noUser = try await #require(throws: APIError.self) {
        try await client.createIntegration(
          IntegrationDraft(externalPlatform: "x", groupId: SeedData.mainGroupId, authorId: "aaaaaaaaaaaaaaaaaaaaaaaa"))
      }
      #expect(noUser.code == "userNotFound")
      let reserved = try await #require(throws: APIError.self) {
        try await client.createIntegration(
          IntegrationDraft(externalPlatform: "360Learning", groupId: SeedData.mainGroupId, authorId: SeedData.authorId))
      }
      #expect(reserved.code == "reservedPlatformName")
    }
  }

  @Test("invalid input is refused before anything is sent")
  func nothingSentWhenInvalid() async throws {
    let transport = RecordingTransport()
    try await withSandbox(transport: transport) { _, client in
      let error = try await #require(throws: InputValidationError.self) {
        try await client.createIntegration(
          IntegrationDraft(
            externalPlatform: "", groupId: "not-an-id", authorId: SeedData.authorId, defaultProgress: 101))
      }
      #expect(
        error.problems == [
          "/defaultProgress: must be from 0 to 100, not 101", "/externalPlatform: must not be empty",
          #"/groupId: must be a 24-character hexadecimal id, not "not-an-id""#,
        ])
      await #expect(throws: InputValidationError.self) { try await client.deleteIntegration(id: "123") }
      #expect(transport.requests.isEmpty)
    }
  }

  @Test("lists follow Link headers to the last page, relative or absolute", arguments: [false, true])
  func pagination(absoluteLinks: Bool) async throws {
    try await withSandbox(SandboxConfiguration(absoluteLinks: absoluteLinks)) { _, client in
      for i in 0..<230 {
        _ = try await client.createIntegration(
          IntegrationDraft(externalPlatform: "p\(i)", groupId: SeedData.groups[i % 3].id, authorId: SeedData.authorId))
      }
      let all = try await client.listIntegrations()
      #expect(all.map(\.externalPlatform) == (0..<230).map { "p\($0)" })
      // The cursor keeps the filter: a filtered list never leaks other platforms on later pages.
      #expect(try await client.listIntegrations(externalPlatform: "p229").count == 1)
    }
  }
}
