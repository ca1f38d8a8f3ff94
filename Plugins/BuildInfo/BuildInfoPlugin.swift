import Foundation
import PackagePlugin

/// Writes `BuildInfo.swift` with the git commit the `l360` executable is built from, for `l360 --version`.
///
/// A prebuild command, so it runs before every build and sees the current commit. The file is replaced only when
/// its text changes: an unchanged commit recompiles nothing. Outside a git checkout the commit is "unknown"; a work
/// tree with uncommitted changes to tracked files gets "+changes".
@main
struct BuildInfoPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let folder = context.pluginWorkDirectoryURL.appending(path: "generated")
    let output = folder.appending(path: "BuildInfo.swift")
    let script = """
      mkdir -p "$3"
      commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
      if [ "$commit" != unknown ] && ! git -C "$1" diff --quiet HEAD -- 2>/dev/null; then commit="$commit+changes"; fi
      printf '/// The commit this build of l360 came from (written by the BuildInfo plugin).\\nlet buildCommit = "%s"\\n' \\
        "$commit" > "$2.new"
      if cmp -s "$2.new" "$2"; then rm -f "$2.new"; else mv "$2.new" "$2"; fi
      """
    return [
      .prebuildCommand(
        displayName: "l360 build info (git commit)", executable: URL(fileURLWithPath: "/bin/sh"),
        arguments: ["-c", script, "sh", context.package.directoryURL.path, output.path, folder.path],
        outputFilesDirectory: folder)
    ]
  }
}
