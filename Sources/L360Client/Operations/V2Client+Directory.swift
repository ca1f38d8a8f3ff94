public import L360JSON

extension V2Client {
  /// `GET /api/v2/groups`, every page.
  public func listGroups() async throws -> [JSONValue] {
    try await listAll("/api/v2/groups", operation: "groups list")
  }

  /// `GET /api/v2/groups/{groupId}`.
  public func group(id: String) async throws -> JSONValue {
    try await object(at: "/api/v2/groups/\(id)", id: id, field: "groupId", operation: "groups get")
  }

  /// `GET /api/v2/users`, every page, with filters such as `("status[eq]", "active")`.
  public func listUsers(filters: [(String, String)] = []) async throws -> [JSONValue] {
    try await listAll("/api/v2/users", query: filters, operation: "users list")
  }

  /// `GET /api/v2/users/{userId}`.
  public func user(id: String) async throws -> JSONValue {
    try await object(at: "/api/v2/users/\(id)", id: id, field: "userId", operation: "users get")
  }

  private func object(at path: String, id: String, field: String, operation: String) async throws -> JSONValue {
    try validateId(id, field: field, operation: operation)
    let response = try await perform(V2Call(operation: operation, method: "GET", url: url(path), expected: [200]))
    return try json(response, operation: operation)
  }
}
