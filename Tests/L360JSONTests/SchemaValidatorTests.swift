import L360JSON
import L360Schema
import Testing

@Suite("Schema validation")
struct SchemaValidatorTests {
  let validCourse: JSONValue = [
    "externalId": "ext-1", "name": "Course", "defaultLang": "en", "launchUrl": "https://x.example/1",
    "subjects": ["a"], "sources": [["name": "Vendor"]],
  ]

  @Test("a complete course has no violations")
  func valid() {
    #expect(SchemaValidator().validate(validCourse, against: V2Schemas.externalCourse).isEmpty)
  }

  @Test("every violation is reported with its pointer")
  func everyViolation() throws {
    var course = validCourse
    course["name"] = nil
    course["subjects"] = ["ok", ""]
    course["defaultLang"] = "pt-BR"
    course["duration"] = 0
    course["authorId"] = "abc"
    course["thumbnailUrl"] = "https://x.example/t.png"
    course["difficultyLevel"] = "beginer"
    let messages = SchemaValidator().validate(course, against: V2Schemas.externalCourse).map(\.description)
    #expect(
      messages == [
        #"/defaultLang: "pt-BR" is not allowed (did you mean "pt_BR"? allowed: bg, cs, da, de, el, en, es, fi, ...)"#,
        "/name: is required",
        "/subjects/1: must not be empty",
        #"/difficultyLevel: "beginer" is not allowed (did you mean "beginner"? allowed: advanced, beginner, intermediate)"#,
        "/duration: must be from 1 to 100000, not 0",
        #"/authorId: must be a 24-character hexadecimal id, not "abc""#,
        "/thumbnailUrl: unknown field",
      ])
  }

  @Test("unknown fields get a did-you-mean")
  func didYouMean() {
    let item: JSONValue = [
      "groupId": "62be0535045424d93edaad7b", "contenttype": "course", "contentId": "586d1323bc4937445ed96c37",
    ]
    let messages = SchemaValidator().validate(item, against: V2Schemas.catalogItem).map(\.description)
    #expect(messages == ["/contentType: is required", #"/contenttype: unknown field (did you mean "contentType"?)"#])
  }

  @Test("bulk bodies enforce maxItems")
  func maxItems() {
    let body: JSONValue = ["input": .array(Array(repeating: ["externalId": "x"], count: 1_001))]
    let messages = SchemaValidator().validate(
      body, against: V2Schemas.bulkBody(item: V2Schemas.archiveItem, maxItems: BulkLimits.archiveCourses))
    #expect(messages.map(\.description) == ["/input: has 1001 items; at most 1000 are allowed"])
  }

  @Test("ObjectIds are exactly 24 hex digits")
  func objectIds() {
    #expect(isObjectId("62be0535045424d93edaad7b"))
    #expect(isObjectId("62BE0535045424D93EDAAD7B"))
    #expect(!isObjectId("62be0535045424d93edaad7"))
    #expect(!isObjectId("62be0535045424d93edaad7g"))
    #expect(!isObjectId(""))
  }

  @Test(
    "date-times are RFC 3339: a date, T, a time, an optional fraction, then Z or an offset; a real calendar day",
    arguments: [
      ("2026-03-01T09:30:00Z", true), ("2026-03-01t09:30:00.25z", true), ("2024-02-29T00:00:00+05:30", true),
      ("2026-03-01T09:30:60-01:00", true), ("2026-02-29T00:00:00Z", false), ("2026-04-31T00:00:00Z", false),
      ("2026-03-01 09:30:00Z", false), ("2026-03-01T09:30:00", false), ("2026-03-01T24:00:00Z", false),
      ("2026-13-01T00:00:00Z", false), ("2026-03-01T09:30:00.Z", false), ("2026-03-01T09:30:00+0100", false),
      ("2026-03-01", false), ("", false), ("2026-03-01T09:30:00Zjunk", false),
    ])
  func dateTimes(text: String, valid: Bool) {
    #expect(isDateTime(text) == valid)
  }

  @Test("two date-times compare by the instant they name")
  func dateTimeInstants() {
    #expect(dateTimeSeconds("2026-03-01T10:30:00+01:00") == dateTimeSeconds("2026-03-01T09:30:00.000Z"))
    #expect(dateTimeSeconds("1970-01-01T00:00:01.5Z") == 1.5)
    #expect(dateTimeSeconds("2000-03-01T00:00:00Z") == 951_868_800)
  }
}
