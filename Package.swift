// swift-tools-version: 6.1
// The l360 package: one module per layer, each knowing only the layers below it.
//
//   L360JSON      order-keeping JSON value, byte parser, writers (no dependencies but collections)
//   L360Schema    the v2 contract: enums, limits and request schemas transcribed from the official spec
//   L360Client    the only code that speaks HTTP to the 360Learning API v2
//   L360Sandbox   an in-process simulator of the v2 endpoints (Hummingbird on loopback)
//   L360Language  the l360 language: lexer, parser, evaluator, values, commands (no terminal code)
//   CLineEdit     a C shim over libedit (C globals, Ctrl-C self-pipe, completion hook)
//   L360Shell     the interactive prompt: line editing, history, completion, tutorials, rendering
//   l360          the executable: argument parsing and wiring only
//   L360TestSupport  helpers shared by the test targets (live sandbox, CLI runner)
import PackageDescription

let upcoming: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let orderedCollections: Target.Dependency = .product(name: "OrderedCollections", package: "swift-collections")

let package = Package(
  name: "l360",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "l360", targets: ["l360"]),
    .library(name: "L360Client", targets: ["L360Client"]),
    .library(name: "L360Sandbox", targets: ["L360Sandbox"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
  ],
  targets: [
    .target(
      name: "L360JSON",
      dependencies: [orderedCollections],
      swiftSettings: upcoming
    ),
    .target(
      name: "L360Schema",
      dependencies: ["L360JSON", orderedCollections],
      swiftSettings: upcoming
    ),
    .target(
      name: "L360Client",
      dependencies: [
        "L360JSON",
        "L360Schema",
        orderedCollections,
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: upcoming
    ),
    .target(
      name: "L360Sandbox",
      dependencies: [
        "L360JSON",
        "L360Schema",
        orderedCollections,
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
      ],
      swiftSettings: upcoming
    ),
    .target(
      name: "L360Language",
      dependencies: ["L360JSON", "L360Schema", "L360Client", orderedCollections],
      swiftSettings: upcoming
    ),
    .target(
      name: "CLineEdit",
      linkerSettings: [.linkedLibrary("edit")]
    ),
    .target(
      name: "L360Shell",
      dependencies: ["CLineEdit", "L360Language", "L360Client", "L360JSON", "L360Schema", orderedCollections],
      resources: [.copy("Tutorials/Builtin")],
      swiftSettings: upcoming
    ),
    .executableTarget(
      name: "l360",
      dependencies: [
        "L360JSON",
        "L360Client",
        "L360Sandbox",
        "L360Language",
        "L360Shell",
        orderedCollections,
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: upcoming,
      plugins: ["BuildInfo"]
    ),
    .target(
      name: "L360TestSupport",
      dependencies: ["L360JSON", "L360Client", "L360Sandbox", "L360Language", orderedCollections],
      path: "Tests/L360TestSupport",
      swiftSettings: upcoming
    ),
    // Writes the git commit into the executable for `l360 --version`.
    .plugin(name: "BuildInfo", capability: .buildTool()),
    .testTarget(
      name: "L360JSONTests",
      dependencies: ["L360JSON", "L360Schema", "L360Sandbox", orderedCollections],
      swiftSettings: upcoming
    ),
    .testTarget(
      name: "L360ClientTests",
      dependencies: ["L360Client", "L360TestSupport", orderedCollections],
      swiftSettings: upcoming
    ),
    .testTarget(
      name: "L360SandboxTests",
      dependencies: ["L360Sandbox", "L360TestSupport", orderedCollections],
      swiftSettings: upcoming
    ),
    .testTarget(
      name: "L360LanguageTests",
      dependencies: ["L360Language", "L360JSON", "L360Client", "L360Sandbox", "L360TestSupport", orderedCollections],
      swiftSettings: upcoming
    ),
    .testTarget(
      name: "L360FuzzTests",
      dependencies: ["L360Language", "L360JSON", "L360Schema", "L360Client", "L360Sandbox", orderedCollections],
      swiftSettings: upcoming
    ),
    .testTarget(
      name: "L360ShellTests",
      dependencies: ["L360Shell", "L360Language", "L360Sandbox", "L360TestSupport", orderedCollections],
      swiftSettings: upcoming
    ),
    .testTarget(
      name: "L360EndToEndTests",
      dependencies: ["l360", "L360Client", "L360TestSupport"],
      swiftSettings: upcoming
    ),
  ]
)
