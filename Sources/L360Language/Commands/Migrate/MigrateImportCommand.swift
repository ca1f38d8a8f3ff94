import Foundation
import L360Client
import L360JSON
import L360Schema

/// `migrate import-external-courses from V1-BODY.json group=G platform=P [into INTEGRATION]`: a v1
/// importExternalCourses body turned into the two v2 steps, every mapping decision said, then run.
struct MigrateImportCommand: LanguageCommand {
  static let declaration = CommandDeclaration(
    ["migrate", "import-external-courses"],
    forms: [
      Form(.word("from"), .value("file", .inputFile)),
      Form(.word("from"), .value("file", .inputFile), .word("into"), .value("integration", .id("integration"))),
    ],
    keys: [
      KeyDeclaration("group", .id("group"), "the v1 :groupId", required: true),
      KeyDeclaration("platform", .text, "the v1 :externalPlatform", required: true),
    ],
    effect: .writes,
    summary:
      "Turn a v1 importExternalCourses body into the two v2 steps (integration, bulk upsert), list every mapping decision, and run them; returns the job.",
    example:
      "let job = migrate import-external-courses from v1-import.json group=62be0535045424d93edaad7b platform=myPlatform"
  )

  static func run(_ arguments: Arguments, in context: CommandContext) async throws -> Value {
    let group = try await arguments.required("group")
    let platform = try await arguments.required("platform")
    let name = try await arguments.required("file")
    let path = context.resolvePath(name)
    let body: JSONValue
    do {
      guard let document = try ItemReader.read(path: path).items.first else { throw ReadError("\(name) is empty") }
      body = document
    } catch {
      throw ScriptError(
        "\(error); nothing was sent", kind: .usage, source: context.source, range: arguments.range("file"))
    }
    let conversion = V1CourseImport.convert(body, group: group, platform: platform)
    for decision in conversion.decisions { context.narrate("mapping: \(decision)") }
    for warning in conversion.warnings { context.narrate("warning: \(warning)") }
    if !conversion.errors.isEmpty {
      throw ScriptError(
        "migrate import-external-courses: \(name) cannot be migrated; nothing was sent", kind: .usage,
        source: context.source, range: context.range, notes: conversion.errors)
    }

    // Validate the courses before step 1, so an invalid body creates nothing at all.
    try context.bulk.validate(
      .upsertCourses(integrationId: V2Client.placeholderId), conversion.courses, ItemOrigin(file: name), context)

    // Step 1: the integration, reused when one exists for this platform in this group. A dry run reads too, so
    // it takes the branch a real run would.
    let client = try await context.client()
    let integrationId: String
    if let given = try await arguments.text("integration") {
      integrationId = given
      context.narrate("step 1: using integration \(integrationId)")
    } else if let existing = try await client.findIntegration(externalPlatform: platform, groupId: group) {
      integrationId = existing.id
      context.narrate("step 1: reusing integration \(existing.id) (platform \(platform) in group \(group))")
    } else {
      let draft = IntegrationDraft(
        externalPlatform: platform, groupId: group, authorId: conversion.integration["authorId"]?.stringValue ?? "",
        logoUrl: conversion.integration["externalPlatformLogoUrl"]?.stringValue)
      integrationId = try await client.createIntegration(draft).id
      context.narrate("step 1: created integration \(integrationId)")
    }

    // Step 2: the courses, validated against the v2 schema, in one bulk job.
    context.narrate("step 2: upserting \(plural(conversion.courses.count, "course"))")
    return try await context.bulk.submit(
      .upsertCourses(integrationId: integrationId), conversion.courses, ItemOrigin(file: name), context)
  }
}
