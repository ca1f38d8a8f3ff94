import Foundation
import L360Client
import L360Shell

/// The values the shell's Tab offers that only l360 knows, computed when Tab is pressed (swift-argument-parser calls
/// back into the binary): profile names from the profile file, built-in tutorials and tutorial files.
enum ShellCompletions {
  /// The sections of the profile file; none when it is missing, unreadable or unsafe (completion never complains).
  static func profiles(startingWith prefix: String) -> [String] {
    let path = ProfileFile.path(environment: ProcessInfo.processInfo.environment)
    let names = (try? ProfileFile.load(path: path))?.keys.sorted() ?? []
    return names.filter { $0.hasPrefix(prefix) }
  }

  /// The built-in tutorials, then `.l360` files and folders that match what is typed.
  static func tutorials(startingWith prefix: String) -> [String] {
    Tutorial.builtins().map(\.name).filter { $0.hasPrefix(prefix) } + files(startingWith: prefix, extension: "l360")
  }

  private static func files(startingWith prefix: String, extension wanted: String) -> [String] {
    let folder = prefix.contains("/") ? String(prefix[...prefix.lastIndex(of: "/")!]) : ""
    // The prompt's listing: folders marked with a trailing `/`.
    return Completer.listDirectory(folder.isEmpty ? "." : folder).sorted().compactMap { name in
      let path = folder + name
      guard path.hasPrefix(prefix), !name.hasPrefix(".") else { return nil }
      return name.hasSuffix("/") || name.hasSuffix("." + wanted) ? path : nil
    }
  }
}
