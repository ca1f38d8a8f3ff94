import Foundation
import L360Client
import L360JSON
import L360Schema

extension Interpreter {
  /// `migrate import-external-courses from V1-BODY.json group=G platform=P [into INTEGRATION]`.
  func migrateImport(_ invocation: CommandInvocation) async throws -> Value {
    let p = invocation.positionals
    guard p.count >= 2, invocation.isWord(0, "from") else {
      throw invocation.fail("migrate import-external-courses needs 'from V1-BODY.json'")
    }
    guard let groupArgument = invocation.keyed["group"], let platform = try await keyString(invocation, "platform")
    else {
      throw invocation.fail("migrate import-external-courses needs group= and platform= (the v1 path parameters)")
    }
    let group = try await id(groupArgument, invocation, what: "group")
    let name = try await string(p[1], invocation, what: "the file")
    let path = resolvePath(name, relativeTo: invocation.source)
    let body: JSONValue
    do {
      guard let document = try ItemReader.read(path: path).items.first else { throw ReadError("\(name) is empty") }
      body = document
    } catch {
      throw ScriptError("\(error); nothing was sent", kind: .usage, source: invocation.source, range: p[1].value.range)
    }
    let conversion = V1CourseImport.convert(body, group: group, platform: platform)
    for decision in conversion.decisions { narrate("mapping: \(decision)") }
    for warning in conversion.warnings { narrate("warning: \(warning)") }
    if !conversion.errors.isEmpty {
      throw ScriptError(
        "migrate import-external-courses: \(name) cannot be migrated; nothing was sent", kind: .usage,
        source: invocation.source, range: invocation.call.range, notes: conversion.errors)
    }

    // Validate the courses before step 1, so an invalid body creates nothing at all.
    try validateBulkItems(
      .upsertCourses(integrationId: Self.dryRunId), conversion.courses, ItemOrigin(file: name), invocation)

    // Step 1: the integration, reused when one exists for this platform in this group.
    var integrationId: String
    if p.count == 4, invocation.isWord(2, "into") {
      integrationId = try await id(p[3], invocation, what: "the integration")
      narrate("step 1: using integration \(integrationId)")
    } else if p.count == 2 {
      let draft = IntegrationDraft(
        externalPlatform: platform, groupId: group, authorId: conversion.integration["authorId"]?.stringValue ?? "",
        logoUrl: conversion.integration["externalPlatformLogoUrl"]?.stringValue)
      let client = try await client()
      try client.validateIntegrationDraft(draft)
      if options.dryRun {
        narrate("step 1: POST /api/v2/integrations (unless one exists for \(platform) in this group)")
        narrate(JSONWriter.pretty(draft.json))
        integrationId = Self.dryRunId
      } else if let existing = try await client.listIntegrations(externalPlatform: platform).first(where: {
        $0.groupId == group
      }) {
        integrationId = existing.id
        narrate("step 1: reusing integration \(existing.id) (platform \(platform) in group \(group))")
      } else {
        integrationId = try await client.createIntegration(draft).id
        narrate("step 1: created integration \(integrationId)")
      }
    } else {
      throw invocation.fail("expected 'from V1-BODY.json' and optionally 'into INTEGRATION'")
    }

    // Step 2: the courses, validated against the v2 schema, in one bulk job.
    if options.dryRun {
      narrate("step 2: PUT /api/v2/bulk/integrations/\(integrationId)/courses")
      narrate(JSONWriter.pretty(["input": .array(conversion.courses)]))
    } else {
      narrate("step 2: upserting \(plural(conversion.courses.count, "course"))")
    }
    return try await submitBulk(
      .upsertCourses(integrationId: integrationId), conversion.courses, ItemOrigin(file: name), invocation)
  }

  /// `migrate catalog-removal group=G form=...` or `migrate catalog-removal from FILE`.
  func migrateCatalogRemoval(_ invocation: CommandInvocation) async throws -> Value {
    let p = invocation.positionals
    var items: [JSONValue]
    do {
      if let formArgument = invocation.keyed["form"] {
        guard let groupArgument = invocation.keyed["group"], p.isEmpty else {
          throw invocation.fail("form= goes with group= (the v1 :group_id)")
        }
        let group = try await string(groupArgument, invocation, what: "group")
        items = try V1CatalogRemoval.items(group: group, form: try await string(formArgument, invocation, what: "form"))
      } else if p.count == 2, invocation.isWord(0, "from") {
        let name = try await string(p[1], invocation, what: "the file")
        let path = resolvePath(name, relativeTo: invocation.source)
        if name.lowercased().hasSuffix(".csv") {
          let read = try ItemReader.read(path: path)
          items = try V1CatalogRemoval.items(csvRows: read.items, name: name, lines: read.lines)
        } else {
          guard let data = FileManager.default.contents(atPath: path) else { throw ReadError("no such file: \(name)") }
          items = try V1CatalogRemoval.items(callsFile: String(decoding: data, as: UTF8.self), name: name)
        }
      } else {
        throw invocation.fail("migrate catalog-removal takes group= and form=, or 'from FILE'")
      }
    } catch let error as MigrationError {
      throw ScriptError(
        "migrate catalog-removal: \(error.message); nothing was sent", kind: .usage, source: invocation.source,
        range: invocation.call.range)
    } catch let error as ReadError {
      throw ScriptError(
        "\(error.description); nothing was sent", kind: .usage, source: invocation.source, range: invocation.call.range)
    }
    let groups = Set(items.compactMap { $0["groupId"]?.stringValue })
    narrate(
      "mapping: \(plural(items.count, "v1 item")) from \(plural(groups.count, "group")) -> one DELETE /api/v2/bulk/groups/catalog"
    )
    if options.dryRun { narrate(JSONWriter.pretty(["input": .array(items)])) }
    return try await submitBulk(.catalogRemove, items, ItemOrigin(), invocation)
  }
}
