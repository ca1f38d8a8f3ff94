/// The demo company every sandbox starts with.
///
/// The ids include those of 360Learning's own migration guides, so the guides' examples run verbatim.
public enum SeedData {
  /// A group with its name and the contents in its catalog.
  public struct Group: Sendable {
    /// The group's id.
    public let id: String
    /// The group's name.
    public let name: String
  }

  /// The guides' main group (used by "Migrate importExternalCourses").
  public static let mainGroupId = "62be0535045424d93edaad7b"
  /// The group of the "Remove content from catalogs" guide.
  public static let catalogGroupId = "5ae6f360c3b99d7884975380"
  /// A third group, for multi-group catalog examples.
  public static let salesGroupId = "64b7e1f2a3c4d5e6f7a8b9c0"

  /// The guides' author.
  public static let authorId = "62bdbc00293a604543f44386"
  /// A second author.
  public static let secondAuthorId = "64b7e1f2a3c4d5e6f7a8b9c1"

  /// The course of the catalog removal guide.
  public static let courseId = "586d1323bc4937445ed96c37"
  /// Another native course.
  public static let secondCourseId = "64b7e1f2a3c4d5e6f7a8b9c2"
  /// The path session of the catalog removal guide.
  public static let pathSessionId = "596e151663b0c99f03a3e049"

  /// Every seeded group.
  public static let groups: [Group] = [
    Group(id: mainGroupId, name: "Learning & Development"),
    Group(id: catalogGroupId, name: "Customer Success"),
    Group(id: salesGroupId, name: "Sales"),
  ]

  /// Every seeded user who may author courses.
  public static let users: [String] = [authorId, secondAuthorId]

  /// Platform names the sandbox reserves (answering `reservedPlatformName`), lower-cased.
  public static let reservedPlatformNames: Set<String> = ["360learning"]
}
