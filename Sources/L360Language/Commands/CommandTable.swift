/// Every command of the language, in the order help and docs/commands.md list them.
///
/// Adding a command is one type and one line here: the interpreter, `l360 check`, help, completion and the
/// reference all read this list.
public enum CommandTable {
  /// The command types.
  public static let all: [any LanguageCommand.Type] = [
    ConnectCommand.self,
    IntegrationCreateCommand.self,
    IntegrationListCommand.self,
    IntegrationGetCommand.self,
    IntegrationEnsureCommand.self,
    IntegrationUpdateCommand.self,
    IntegrationDeleteCommand.self,
    CoursesUpsertCommand.self,
    CoursesSyncCommand.self,
    CoursesArchiveCommand.self,
    CoursesGetCommand.self,
    CatalogRemoveCommand.self,
    CatalogAddCommand.self,
    CatalogListCommand.self,
    CatalogSyncCommand.self,
    GroupsListCommand.self,
    GroupsGetCommand.self,
    UsersListCommand.self,
    UsersGetCommand.self,
    AwaitCommand.self,
    JobsListCommand.self,
    JobsGetCommand.self,
    JobsResultsCommand.self,
    MigrateImportCommand.self,
    MigrateCatalogRemovalCommand.self,
    SaveCommand.self,
    ResumeCommand.self,
    RequestCommand.self,
  ]

  /// Every declaration, in table order.
  public static let declarations: [CommandDeclaration] = all.map { $0.declaration }

  /// The first words of the commands, in table order.
  public static let names: [String] = {
    var seen: [String] = []
    for declaration in declarations where !seen.contains(declaration.words[0]) { seen.append(declaration.words[0]) }
    return seen
  }()

  /// True when `word` starts a command.
  public static func isCommand(_ word: String) -> Bool { names.contains(word) }

  /// The commands whose first word is `name`.
  static func commands(named name: String) -> [any LanguageCommand.Type] {
    all.filter { $0.declaration.words[0] == name }
  }

  /// The declarations whose first word is `name`.
  public static func declarations(named name: String) -> [CommandDeclaration] {
    declarations.filter { $0.words[0] == name }
  }

  /// The declaration named by `words` ("integration", "create"), or nil.
  public static func declaration(_ words: [String]) -> CommandDeclaration? {
    declarations.first { $0.words == words }
  }
}
