/// Enumerations of the 360Learning API v2, transcribed from the official OpenAPI specs.
public enum V2Enums {
  /// `defaultLang` and `translations[].lang` of an external course (bulk spec, ExternalCourseInput).
  public static let languages: [String] = [
    "bg", "cs", "da", "de", "el", "en", "es", "fi", "fr", "hr", "ht_HT", "hu", "id", "it", "ja", "kar_MM", "ko",
    "lt", "mh_MH", "nl", "nl_BE", "no", "pl", "pt", "ro", "ru", "rw_RW", "sk", "sl", "so_SO", "sv", "sw_KE", "th",
    "ti_ET", "tr", "uk", "zh", "am_ET", "bn", "bs", "ca", "cy", "en_CA", "en_GB", "es_AR", "es_MX", "et", "fr_CA",
    "gu", "he_IL", "hy", "kk", "km", "lo", "lv", "mi", "mn_MN", "mr", "ms", "my_MM", "nn_NO", "or", "pa", "pt_BR",
    "pt_MZ", "rn_BI", "si", "ta", "te", "tl_PH", "ur", "uz", "yo_NG", "zh_tw", "hi", "sr", "ar", "vi", "zh_HANT",
  ]

  /// `contentType` of an external course.
  public static let externalContentTypes: [String] = [
    "article", "assessment", "audiobook", "book", "certificate", "channel", "course", "curriculum", "interactive",
    "journey", "labs", "linkedContent", "mooc", "podcast", "program", "roleplay", "specialization", "topvoice", "video",
  ]

  /// `difficultyLevel` of an external course.
  public static let difficultyLevels: [String] = ["advanced", "beginner", "intermediate"]

  /// `contentType` of a group catalog item.
  public static let catalogContentTypes: [String] = ["path-session", "course"]
  /// What a group's library holds (`contentType` of the library bulk operations).
  public static let libraryContentTypes: [String] = ["path", "course"]
  /// The roles a user may have in a group (`role` of the membership bulk operations).
  public static let groupRoles: [String] = [
    "admin", "analyst", "editor", "coach", "contributor", "learner", "userAdmin",
  ]

  /// `status` of a bulk operation, in lifecycle order.
  public static let operationStatuses: [String] = ["pending", "queued", "running", "completed", "error"]

  /// `type` of a bulk operation.
  public static let operationTypes: [String] = [
    "addContentsToGroupsCatalog", "addContentsToGroupsLibrary", "addSkillReviews", "addUsersToGroups",
    "archiveExternalCourses", "deleteSkills", "createGroups", "createSubscriptionEvents", "deleteGroups",
    "deleteJobs", "deleteLibraries", "importExternalCourses", "importExternalStatistics",
    "removeContentsFromGroupsCatalog", "removeContentsFromGroupsLibrary", "removeUsersFromGroups",
    "replaceJobsSkills", "replaceUsersJobs", "upsertJobs", "upsertLibraries", "upsertSkills",
  ]
}

/// Per-call `maxItems` of the bulk endpoints l360 uses (bulk spec).
public enum BulkLimits {
  /// `PUT /api/v2/bulk/integrations/{integrationId}/courses`.
  public static let upsertCourses = 10_000
  /// `DELETE /api/v2/bulk/integrations/{integrationId}/courses`.
  public static let archiveCourses = 1_000
  /// `POST` and `DELETE /api/v2/bulk/groups/catalog`.
  public static let catalog = 20_000
  /// `POST` and `DELETE /api/v2/bulk/groups/library`.
  public static let library = 20_000
  /// `POST` and `DELETE /api/v2/bulk/groups/memberships`.
  public static let memberships = 20_000
  /// `POST /api/v2/bulk/integrations/{integrationId}/stats`.
  public static let statistics = 10_000
}
