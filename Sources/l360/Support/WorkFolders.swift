import Foundation

/// Where l360 keeps what a run leaves for the next one, in `.l360/` beside the script (or in the working directory
/// for `-c`, stdin and the prompt).
enum WorkFolders {
  /// Bulk journals: `--journal DIR`, else `$L360_JOURNAL_DIR`, else `.l360/journal`.
  static func journal(_ option: String?, besideScript folder: String? = nil) -> String {
    if let option { return option }
    if let fromEnvironment = ProcessInfo.processInfo.environment["L360_JOURNAL_DIR"], !fromEnvironment.isEmpty {
      return fromEnvironment
    }
    return inside(folder, ".l360/journal")
  }

  /// Sync states: `.l360/state`.
  static func state(besideScript folder: String? = nil) -> String { inside(folder, ".l360/state") }

  private static func inside(_ folder: String?, _ path: String) -> String {
    URL(fileURLWithPath: folder ?? FileManager.default.currentDirectoryPath).appendingPathComponent(path).path
  }
}
