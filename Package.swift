// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Auscult",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "auscult", targets: ["auscult"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
    ],
    targets: [
        // System libraries
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CSystemZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(name: "CMalloc"),

        // Libraries, lowest layer first
        .target(name: "CKernels"),
        .target(name: "NeuralEngine", dependencies: ["CBLAS", "CMalloc", "CKernels"]),
        .target(
            name: "ONNXFormat",
            dependencies: ["NeuralEngine", .product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        .target(name: "Wearables", dependencies: ["ZIPFoundation"]),
        .target(name: "Inspection", dependencies: ["NeuralEngine"]),
        .target(
            name: "Store",
            dependencies: [
                "Wearables", "NeuralEngine", "CSystemZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Migrations")]
        ),
        .target(
            name: "Server",
            dependencies: [
                "Store", "Inspection", "Wearables", "ONNXFormat", "NeuralEngine", "CSystemZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.json")]
        ),
        .executableTarget(
            name: "auscult",
            dependencies: [
                "Server", "Store", "Inspection", "Wearables", "ONNXFormat", "NeuralEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Tests, one target per source target
        .testTarget(name: "CBLASTests", dependencies: ["CBLAS"]),
        .testTarget(name: "NeuralEngineTests", dependencies: ["NeuralEngine"]),
        .testTarget(name: "ONNXFormatTests", dependencies: ["ONNXFormat", "NeuralEngine", "Inspection"], exclude: ["Fixtures"]),
        .testTarget(name: "WearablesTests", dependencies: ["Wearables", "ZIPFoundation"]),
        .testTarget(name: "InspectionTests", dependencies: ["Inspection", "NeuralEngine", "Wearables"], exclude: ["Fixtures"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Wearables", .product(name: "GRDB", package: "GRDB.swift")]),
        // Seeded mutation fuzzing of the ingest parsers and the ONNX importer (see README, "Fuzzing").
        .testTarget(
            name: "FuzzTests",
            dependencies: [
                "Server", "Wearables", "ONNXFormat", "NeuralEngine", "ZIPFoundation",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["Crashers"]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Store", "Wearables", "Inspection", "ONNXFormat", "NeuralEngine", "CSystemZlib", "ZIPFoundation",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
