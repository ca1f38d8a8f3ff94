import L360Client

/// `users get USER`: one user's profile.
struct UsersGetCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["users", "get"], forms: [Form(.value("user", .id("user")))], effect: .reads,
    summary: "One user's profile: mail, status, language, primary group (GET /api/v2/users/{userId}).",
    example: "users get 62bdbc00293a604543f44386")

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    Value(try await context.client().user(id: try await arguments.required("user")))
  }
}
