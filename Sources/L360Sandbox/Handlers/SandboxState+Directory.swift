import L360JSON
import L360Schema

extension SandboxState {
  /// `GET /api/v2/groups`: the company's groups, 500 a page.
  func listGroups(_ request: SandboxRequest) -> SandboxResponse {
    guard let cursor = cursor(of: request) else { return .error(400, "invalidInput", "The next cursor is invalid.") }
    return page(
      SeedData.groups.map(\.json), pageSize: PageSizes.groups, path: "/api/v2/groups", filters: cursor.filters,
      offset: cursor.offset)
  }

  /// `GET /api/v2/groups/{groupId}`; 404 `groupNotFound` for an id no group has (a malformed one included: the
  /// API documents no other answer).
  func getGroup(id: String) -> SandboxResponse {
    guard let group = SeedData.groups.first(where: { $0.id == id }) else {
      return .error(404, "groupNotFound", "The given groupId does not correspond to any existing group.")
    }
    return .json(200, group.json)
  }

  /// `GET /api/v2/users`, filtered by `mail`, `username` and `status` (`eq`, `ne`, `in`, `nin`), 500 a page.
  func listUsers(_ request: SandboxRequest) -> SandboxResponse {
    guard let cursor = cursor(of: request) else { return .error(400, "invalidInput", "The next cursor is invalid.") }
    // A status outside the spec's set matches no user: the spec documents no 400 for this list (docs/sandbox.md).
    let matching = SeedData.people.filter { person in
      for field in ["mail", "username", "status"] {
        let value = field == "status" ? person.status : person.mail
        if let eq = cursor.value("\(field)[eq]"), value != eq { return false }
        if let ne = cursor.value("\(field)[ne]"), value == ne { return false }
        let inList = cursor.filters.filter { $0.name.hasPrefix("\(field)[in]") }.map(\.value)
        if !inList.isEmpty, !inList.contains(value) { return false }
        if cursor.filters.contains(where: { $0.name.hasPrefix("\(field)[nin]") && $0.value == value }) { return false }
      }
      return true
    }
    return page(
      matching.map(\.json), pageSize: PageSizes.users, path: "/api/v2/users", filters: cursor.filters,
      offset: cursor.offset)
  }

  /// `GET /api/v2/users/{userId}`; 404 `userNotFound` for an id no user has.
  func getUser(id: String) -> SandboxResponse {
    guard let person = SeedData.people.first(where: { $0.id == id }) else {
      return .error(404, "userNotFound", "The given userId does not correspond to any existing user.")
    }
    return .json(200, person.json)
  }
}
