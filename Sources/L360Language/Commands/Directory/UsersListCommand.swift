import L360Client

/// `users list [status=S] [mail=M] [username=U]`: the company's users, filtered as the API filters them.
struct UsersListCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["users", "list"], forms: [Form()],
    keys: [
      KeyDeclaration("status", .choice(["active", "invited", "deleted"]), "only users in this status"),
      KeyDeclaration("mail", .text, "only the user with this mail address"),
      KeyDeclaration("username", .text, "only the user with this username"),
    ],
    effect: .reads,
    summary: "List the company's users, every page (GET /api/v2/users), filtered by status, mail or username.",
    example: "users list status=active | select _id, mail, primaryGroupId | first 5")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    var filters: [(String, String)] = []
    for field in ["status", "mail", "username"] {
      if let value = try await arguments.text(field) { filters.append(("\(field)[eq]", value)) }
    }
    return .list(try await context.client().listUsers(filters: filters).map(Value.init))
  }
}
