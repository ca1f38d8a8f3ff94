import L360JSON
import L360Schema

extension SandboxState {
  /// `GET /api/v2/groups`: the company's groups, 500 a page.
  func listGroups(_ request: SandboxRequest) -> SandboxResponse {
    list(SeedData.groups.map(\.json), request, path: "/api/v2/groups")
  }

  /// `GET /api/v2/groups/{groupId}`; 404 `groupNotFound` for an id no group has (a malformed one included: the
  /// API documents no other answer).
  func getGroup(id: String) -> SandboxResponse {
    guard let group = SeedData.groups.first(where: { $0.id == id }) else {
      return .error(404, "groupNotFound", "The given groupId does not correspond to any existing group.")
    }
    return .json(200, group.json)
  }

  /// `GET /api/v2/users`, filtered by `mail`, `username` (`eq`, `ne`, `in`, `nin`) and `status` (`eq`, `ne`), 500
  /// a page. A status outside the spec's set matches no user: the spec documents no 400 for this list
  /// (docs/sandbox.md).
  func listUsers(_ request: SandboxRequest) -> SandboxResponse {
    list(SeedData.people.map(\.json), request, path: "/api/v2/users")
  }

  /// `GET /api/v2/users/{userId}`; 404 `userNotFound` for an id no user has.
  func getUser(id: String) -> SandboxResponse {
    guard let person = SeedData.people.first(where: { $0.id == id }) else {
      return .error(404, "userNotFound", "The given userId does not correspond to any existing user.")
    }
    return .json(200, person.json)
  }
}
