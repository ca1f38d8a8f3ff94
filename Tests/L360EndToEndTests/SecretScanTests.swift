import Foundation
import L360Sandbox
import L360TestSupport
import Testing

/// Runs a scripted migration the way a user would, then searches everything it produced (stdout,
/// stderr, written files) for the client secret and for any access token.
@Suite("No secret or token in any artifact of a run")
struct SecretScanTests {
  @Test("a migration with errors, a dry run and a bad connect leave no secret or token behind")
  func scan() async throws {
    let secret = "sbx_ScanMe" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
    let sandbox = try await Sandbox.start(
      SandboxConfiguration(clientSecret: secret, operationDuration: .milliseconds(50)))
    let directory = try temporaryFolder("l360-scan")
    defer { try? FileManager.default.removeItem(at: directory) }
    let examples = packageRoot.appendingPathComponent("examples")
    for file in ["courses.json", "v1-import.json"] {
      try FileManager.default.copyItem(
        at: examples.appendingPathComponent(file), to: directory.appendingPathComponent(file))
    }
    try """
    {"externalId":"bad","name":"","defaultLang":"en","launchUrl":"https://x.example","subjects":[],"sources":[]}
    {"externalId":"ok","name":"OK","defaultLang":"en","launchUrl":"https://x.example","subjects":[],"sources":[]}
    """.write(to: directory.appendingPathComponent("mixed.jsonl"), atomically: true, encoding: .utf8)
    try """
    let i = integration create platform=scan group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
    let job = courses upsert from courses.json into $i
    await $job
    save $job.errors to failed.jsonl
    save $job to job.json
    let mixed = courses upsert from mixed.jsonl into $i
    await $mixed
    let migrated = migrate import-external-courses from v1-import.json group=62be0535045424d93edaad7b platform=scan2
    await $migrated
    print $job, $i
    request GET /api/v2/integrations
    integration create platform=scan group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
    """.write(to: directory.appendingPathComponent("migrate.l360"), atomically: true, encoding: .utf8)
    let environment = [
      "L360_BASE_URL": sandbox.baseURL, "L360_CLIENT_ID": sandbox.configuration.clientId, "L360_CLIENT_SECRET": secret,
      "L360_JOURNAL_DIR": "",  // journals beside the script, so the scan below reads them
    ]
    var outputs: [String] = []
    let run = try await runL360(
      ["run", "migrate.l360", "--skip-invalid", "invalid.jsonl", "--output", "json"], environment: environment,
      directory: directory)
    #expect(run.exitCode == 1)  // the last statement fails with duplicateExternalPlatform, on purpose
    outputs += [run.stdout, run.stderr]
    let dry = try await runL360(["run", "migrate.l360", "--dry-run"], environment: environment, directory: directory)
    outputs += [dry.stdout, dry.stderr]
    let badConnect = try await runL360(
      ["-c", "connect http://lms.example.com client-id=x client-secret=\(secret)"], environment: environment,
      directory: directory)
    #expect(badConnect.exitCode == 2)
    outputs += [badConnect.stdout, badConnect.stderr]
    let check = try await runL360(["check", "migrate.l360"], environment: environment, directory: directory)
    outputs += [check.stdout, check.stderr]

    // Every file the runs wrote, the journal under .l360/journal included.
    let written = (FileManager.default.subpaths(atPath: directory.path) ?? []).filter { path in
      var isDirectory: ObjCBool = false
      FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path, isDirectory: &isDirectory)
      return !isDirectory.boolValue
    }
    #expect(Set(written).isSuperset(of: ["failed.jsonl", "job.json", "invalid.jsonl"]))
    #expect(written.contains { $0.hasPrefix(".l360/journal/") && $0.hasSuffix(".jsonl") }, "\(written)")
    for name in written {
      outputs.append(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
    }
    #expect(outputs.joined().contains("duplicateExternalPlatform"))  // the run really went through
    for (index, text) in outputs.enumerated() {
      #expect(!text.contains(secret), "artifact \(index) holds the client secret")
      #expect(!text.contains("sbxat_"), "artifact \(index) holds an access token")
    }
    await sandbox.stop()
  }

  @Test("a secret the script holds is masked when printed, in --output json, and in an error's source line")
  func heldSecretMasked() async throws {
    let secret = "sbx_Held" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
    let sandbox = try await Sandbox.start(SandboxConfiguration(clientSecret: secret))
    let environment = [
      "L360_BASE_URL": sandbox.baseURL, "L360_CLIENT_ID": sandbox.configuration.clientId, "L360_CLIENT_SECRET": secret,
    ]
    let script = """
      integration list
      let s = "\(secret)"
      print $s
      print {"k": $s, "shown": "yes"}
      let broken = ["\(secret)"][5]
      """
    for output in ["text", "json"] {
      let run = try await runL360(["--output", output, "-c", script], environment: environment)
      #expect(run.exitCode == 1)
      #expect(run.stdout.contains("yes"), "the run printed")
      #expect(run.stdout.contains("***"))
      #expect(run.stderr.contains(#"let broken = ["***"][5]"#), "\(run.stderr)")
      #expect(!(run.stdout + run.stderr).contains(secret), "--output \(output)")
    }
    await sandbox.stop()
  }
}
