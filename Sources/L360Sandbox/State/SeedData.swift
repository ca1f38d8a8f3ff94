import Foundation
import L360JSON

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
    /// The parent group's id; nil for the company's root group.
    public var parentId: String? = rootGroupId
    /// True for a public group.
    public var isPublic = true

    /// The group as `GET /api/v2/groups/{groupId}` shows it.
    public var json: JSONValue {
      var value: JSONValue = ["_id": .string(id), "name": .string(name), "public": .bool(isPublic)]
      if let parentId { value["parentId"] = .string(parentId) }
      return value
    }
  }

  /// A person of the company.
  public struct Person: Sendable {
    /// The user's id.
    public let id: String
    /// First and last name.
    public let firstName: String, lastName: String
    /// `active`, `invited` or `deleted`.
    public let status: String
    /// The interface language.
    public let lang: String
    /// The primary group.
    public let primaryGroupId: String
    /// The job title.
    public let job: String

    /// The user's mail address (and username): first.last@acme.example.
    public var mail: String { "\(firstName).\(lastName)@acme.example".lowercased() }

    /// The user as `GET /api/v2/users/{userId}` shows them.
    public var json: JSONValue {
      [
        "_id": .string(id), "mail": .string(mail), "username": .string(mail), "status": .string(status),
        "lang": .string(lang), "firstName": .string(firstName), "lastName": .string(lastName), "job": .string(job),
        "primaryGroupId": .string(primaryGroupId),
      ]
    }
  }

  /// The company's root group: every other group descends from it.
  public static let rootGroupId = "64b7e1f2a3c4d5e6f7a8b900"

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
  /// A path, in every group's library.
  public static let pathId = "64b7e1f2a3c4d5e6f7a8b9c3"

  /// Every seeded group.
  public static let groups: [Group] = [
    Group(id: mainGroupId, name: "Learning & Development"),
    Group(id: catalogGroupId, name: "Customer Success"),
    Group(id: salesGroupId, name: "Sales"),
    Group(id: rootGroupId, name: "Acme", parentId: nil),
    Group(id: "64b7e1f2a3c4d5e6f7a8b901", name: "Sales EMEA", parentId: salesGroupId),
    Group(id: "64b7e1f2a3c4d5e6f7a8b902", name: "Sales Americas", parentId: salesGroupId),
    Group(id: "64b7e1f2a3c4d5e6f7a8b903", name: "New Hires", parentId: mainGroupId, isPublic: false),
    Group(id: "64b7e1f2a3c4d5e6f7a8b904", name: "Support Tier 2", parentId: catalogGroupId, isPublic: false),
  ]

  /// The company's people: the guides' two authors, then 28 more, in every status.
  public static let people: [Person] = {
    let firstNames = [
      "Alice", "Bruno", "Chloe", "Daniel", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kenji", "Lea", "Malik",
      "Nora", "Oscar", "Priya", "Quentin", "Rosa", "Samir", "Tess", "Ugo", "Vera", "Wen", "Xavier", "Yara", "Zoe",
      "Aaron", "Beatriz", "Cyril", "Dana",
    ]
    let lastNames = [
      "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
      "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
      "Andre", "Mercier", "Dupont", "Lambert", "Bonnet", "Francois", "Martinez", "Legrand",
    ]
    let groupIds = groups.map(\.id)
    let jobs = ["Instructional Designer", "Account Executive", "Support Engineer", "Learning Manager", "Sales Manager"]
    return firstNames.indices.map { i in
      let id =
        i == 0 ? authorId : i == 1 ? secondAuthorId : "64c0aa00000000000000" + String(format: "%04x", i)
      let status = i % 10 == 7 ? "invited" : i % 10 == 9 ? "deleted" : "active"
      return Person(
        id: id, firstName: firstNames[i], lastName: lastNames[i], status: status,
        lang: ["en", "fr", "de", "es"][i % 4],
        primaryGroupId: groupIds.filter { $0 != rootGroupId }[i % (groupIds.count - 1)], job: jobs[i % jobs.count])
    }
  }()

  /// The guides' authors.
  public static let authors: [String] = [authorId, secondAuthorId]

  /// Every seeded user (authors of courses are checked against them).
  public static let users: [String] = people.map(\.id)

  /// Platform names the sandbox reserves (answering `reservedPlatformName`), lower-cased.
  public static let reservedPlatformNames: Set<String> = ["360learning"]
}
