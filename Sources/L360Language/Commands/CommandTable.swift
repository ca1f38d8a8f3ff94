import L360Schema

/// A `key=` a command accepts.
public struct KeySpec: Sendable {
  /// The key's name.
  public let name: String
  /// The values it accepts when they are a fixed set (offered by completion and checked by `check`).
  public let values: [String]?
  /// One line on what it means.
  public let help: String

  init(_ name: String, _ help: String, values: [String]? = nil) {
    self.name = name
    self.help = help
    self.values = values
  }
}

/// One command form: its usage, keys and an example.
///
/// The contract of the language's commands.
public struct CommandSpec: Sendable {
  /// The command word ("integration").
  public let name: String
  /// The subcommand ("create"), or nil for commands without one ("await").
  public let subcommand: String?
  /// The usage line.
  public let usage: String
  /// What it does, in one sentence.
  public let summary: String
  /// The keys it accepts.
  public let keys: [KeySpec]
  /// An example that runs on the sandbox.
  public let example: String
  /// Statements that make ``example`` runnable on its own (binding `$i`, `$job`, `$id`).
  public var setup: String = ""

  /// "integration create" or "await".
  public var fullName: String { subcommand.map { "\(name) \($0)" } ?? name }
}

/// Every command of the language, for the interpreter, `l360 check`, `help` and completion.
public enum CommandTable {
  static let integrationKeys: [KeySpec] = [
    KeySpec("platform", "the external platform's name, unique in the group (externalPlatform)"),
    KeySpec("group", "the group whose catalog and library receive the courses (groupId)"),
    KeySpec("author", "the default author of the courses (authorId)"),
    KeySpec("logo", "an HTTPS logo URL (externalPlatformLogoUrl)"),
    KeySpec("unicolor-logo", "an HTTPS one-colour logo URL (externalPlatformUnicolorLogoUrl)"),
    KeySpec("completion", "default completion of imported courses (defaultCompletion)", values: ["true", "false"]),
    KeySpec("progress", "default progress, 0 to 100 (defaultProgress)"),
    KeySpec(
      "propagate", "share the courses with subgroups; false sends noGroupPropagation: true", values: ["true", "false"]),
  ]

  /// All command forms.
  public static let all: [CommandSpec] = [
    CommandSpec(
      name: "connect", subcommand: nil, usage: "connect sandbox | eu | us | URL [client-id=ID] [client-secret=SECRET]",
      summary: "Switch to the embedded sandbox, a 360Learning region, or any API URL.",
      keys: [KeySpec("client-id", "the API v2 client id"), KeySpec("client-secret", "the API v2 client secret")],
      example: "connect sandbox"),
    CommandSpec(
      name: "integration", subcommand: "create",
      usage:
        "integration create platform=P group=G author=A [logo=URL] [unicolor-logo=URL] [completion=BOOL] [progress=0..100] [propagate=BOOL]",
      summary: "Create an integration configuration (POST /api/v2/integrations); returns it, with its _id.",
      keys: integrationKeys,
      example:
        "let i = integration create platform=myPlatform group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386"),
    CommandSpec(
      name: "integration", subcommand: "list", usage: "integration list [platform=P]",
      summary: "List integration configurations, every page (GET /api/v2/integrations).",
      keys: [KeySpec("platform", "only those of this external platform")],
      example: "integration list platform=myPlatform",
      setup:
        "let i = integration create platform=myPlatform group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386"),
    CommandSpec(
      name: "integration", subcommand: "update", usage: "integration update ID key=value...",
      summary: "Change an integration's fields (PATCH /api/v2/integrations/{id}); returns it.", keys: integrationKeys,
      example: "integration update $i progress=50",
      setup:
        "let i = integration create platform=myPlatform group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386"),
    CommandSpec(
      name: "integration", subcommand: "delete", usage: "integration delete ID",
      summary: "Delete an integration and archive its content (DELETE /api/v2/integrations/{id}).", keys: [],
      example: "integration delete $i",
      setup:
        "let i = integration create platform=myPlatform group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386"),
    CommandSpec(
      name: "courses", subcommand: "upsert",
      usage: "courses upsert from FILE into INTEGRATION | courses upsert EXPRESSION into INTEGRATION",
      summary:
        "Create or replace external courses by externalId (PUT /api/v2/bulk/integrations/{id}/courses); returns a job.",
      keys: [], example: "let job = courses upsert from courses.json into $i",
      setup:
        "let i = integration create platform=myPlatform group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386"),
    CommandSpec(
      name: "courses", subcommand: "archive",
      usage: "courses archive ID... from INTEGRATION | courses archive from FILE in INTEGRATION",
      summary: "Archive external courses by externalId (DELETE /api/v2/bulk/integrations/{id}/courses); returns a job.",
      keys: [KeySpec("max-delete", "refuse to touch more items than this (nothing is sent)")],
      example: "courses archive ext-1 ext-2 from $i",
      setup:
        "let i = integration create platform=myPlatform group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386"),
    CommandSpec(
      name: "courses", subcommand: "get", usage: "courses get EXTERNAL-ID in INTEGRATION",
      summary: "One external course as the API stores it (GET /api/v2/integrations/{id}/courses/{externalId}).",
      keys: [],
      example: "courses get ext-101 in $i",
      setup:
        "let i = integration create platform=myPlatform group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386\nlet up = courses upsert from courses.json into $i\nawait $up"
    ),
    CommandSpec(
      name: "catalog", subcommand: "remove",
      usage: "catalog remove course|path-session ID from GROUP | catalog remove from FILE | catalog remove EXPRESSION",
      summary: "Remove content from group catalogs, across groups (DELETE /api/v2/bulk/groups/catalog); returns a job.",
      keys: [KeySpec("max-delete", "refuse to touch more items than this (nothing is sent)")],
      example: "catalog remove course 586d1323bc4937445ed96c37 from 5ae6f360c3b99d7884975380"),
    CommandSpec(
      name: "catalog", subcommand: "add",
      usage: "catalog add course|path-session ID to GROUP | catalog add from FILE | catalog add EXPRESSION",
      summary: "Add content to group catalogs (POST /api/v2/bulk/groups/catalog); returns a job.", keys: [],
      example: "catalog add course 586d1323bc4937445ed96c37 to 5ae6f360c3b99d7884975380"),
    CommandSpec(
      name: "catalog", subcommand: "list", usage: "catalog list course|path-session in GROUP",
      summary: "The content ids in a group's catalog (GET /api/v2/groups/{id}/catalog/{type}-ids).", keys: [],
      example: "catalog list course in 5ae6f360c3b99d7884975380"),
    CommandSpec(
      name: "await", subcommand: nil, usage: "await JOB [timeout=DURATION] [every=DURATION]",
      summary: "Poll a job (or a list of jobs) until completed or error, then fetch every per-item result.",
      keys: [
        KeySpec("timeout", "give up waiting after this long (the job keeps running)"),
        KeySpec("every", "poll at this fixed interval"),
      ],
      example: "await $job timeout=10m",
      setup:
        "let i = integration create platform=myPlatform group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386\nlet job = courses upsert from courses.json into $i"
    ),
    CommandSpec(
      name: "jobs", subcommand: "list", usage: "jobs list [status=S] [type=T]",
      summary: "Bulk operations of the company, newest first, every page (GET /api/v2/bulk/operations).",
      keys: [
        KeySpec("status", "only operations in this status", values: V2Enums.operationStatuses),
        KeySpec("type", "only operations of this type", values: V2Enums.operationTypes),
      ], example: "jobs list status=running"),
    CommandSpec(
      name: "jobs", subcommand: "get", usage: "jobs get ID",
      summary: "A bulk operation's status, as a job you can await (GET /api/v2/bulk/operations/{id}).", keys: [],
      example: "let job = jobs get $id",
      setup:
        "let i = integration create platform=myPlatform group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386\nlet up = courses upsert from courses.json into $i\nlet id = $up.id"
    ),
    CommandSpec(
      name: "jobs", subcommand: "results", usage: "jobs results ID",
      summary: "The per-item results of a finished operation (GET /api/v2/bulk/operations/{id}/results).", keys: [],
      example: "jobs results $id",
      setup:
        "let i = integration create platform=myPlatform group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386\nlet first = courses upsert from courses.json into $i\nawait $first\nlet id = $first.id"
    ),
    CommandSpec(
      name: "migrate", subcommand: "import-external-courses",
      usage: "migrate import-external-courses from V1-BODY.json group=G platform=P [into INTEGRATION]",
      summary:
        "Turn a v1 importExternalCourses body into the two v2 steps (integration, bulk upsert), list every mapping decision, and run them; returns the job.",
      keys: [KeySpec("group", "the v1 :groupId"), KeySpec("platform", "the v1 :externalPlatform")],
      example:
        "let job = migrate import-external-courses from v1-import.json group=62be0535045424d93edaad7b platform=myPlatform"
    ),
    CommandSpec(
      name: "migrate", subcommand: "catalog-removal",
      usage:
        "migrate catalog-removal group=G form=\"courses[0]=ID&pathSessions[1]=ID\" | migrate catalog-removal from FILE",
      summary:
        "Turn v1 deleteFromGroupCatalog calls (form data, a file of calls, or a CSV groupId,type,id) into one v2 bulk removal; returns the job.",
      keys: [
        KeySpec("group", "the v1 :group_id"), KeySpec("form", "the v1 form data"),
        KeySpec("max-delete", "refuse to touch more items than this (nothing is sent)"),
      ],
      example: "migrate catalog-removal from v1-catalog-calls.txt"),
    CommandSpec(
      name: "save", subcommand: nil, usage: "save EXPRESSION to FILE",
      summary:
        "Write a value to a file: JSON Lines (.jsonl, .ndjson) or JSON; job results are written as their inputs, so failed items can be fixed and sent again.",
      keys: [], example: "save $job.errors to failed.jsonl",
      setup:
        "let i = integration create platform=myPlatform group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386\nlet job = courses upsert from courses.json into $i\nawait $job"
    ),
    CommandSpec(
      name: "resume", subcommand: nil, usage: "resume [JOURNAL]",
      summary:
        "Continue the newest unfinished bulk statement of the journal folder (.l360/journal): chunks already accepted are re-attached, only the rest are sent; returns the job.",
      keys: [], example: "let job = resume"),
    CommandSpec(
      name: "request", subcommand: nil, usage: "request METHOD PATH [body=EXPRESSION] [query=EXPRESSION]",
      summary:
        "Send any v2 request through the same client (auth, version header, retries); returns {status, headers, body}.",
      keys: [KeySpec("body", "the JSON body"), KeySpec("query", "an object of query parameters")],
      example: "request GET /api/v2/integrations"),
  ]

  /// The command words, in table order.
  public static let names: [String] = {
    var seen: [String] = []
    for spec in all where !seen.contains(spec.name) { seen.append(spec.name) }
    return seen
  }()

  /// True when `word` starts a command.
  public static func isCommand(_ word: String) -> Bool { names.contains(word) }

  /// The forms of a command word.
  public static func forms(of name: String) -> [CommandSpec] { all.filter { $0.name == name } }

  /// The form of `name subcommand` (or of a command without subcommands).
  public static func spec(_ name: String, _ subcommand: String?) -> CommandSpec? {
    all.first { $0.name == name && ($0.subcommand == nil || $0.subcommand == subcommand) }
  }
}
