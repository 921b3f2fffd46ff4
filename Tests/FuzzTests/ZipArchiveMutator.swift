import Foundation
import Wearables
import ZIPFoundation

/// Mutates a zip as an archive: its entries read back (with the product's reader), one renamed to a
/// name the format detection looks for, its content mutated, repeated or joined by another format's
/// file, then written as a fresh, valid zip, so that the mutant gets past the CRCs to the readers.
enum ZipArchiveMutator {
    static let entryNames = [
        "export.xml", "apple_health_export/export.xml", "apple_health_export/导出.xml", "export_cda.xml", "__MACOSX/._export.xml",
        "Takeout/Fit/All Data/raw_com.google.heart_rate.bpm.json", "Takeout/Fit/All Data/x.JSON", "heart_rate-2026-03-02.json",
        "steps-2026-03-02.json", "Garmin/Activity/a.fit", "../../outside.fit", "/absolute.csv", "a.csv", "health_connect_export.db",
        String(repeating: "d/", count: 150) + "deep.json", "",
    ]

    static func mutate(_ bytes: [UInt8], _ random: inout FuzzRandom, extraFiles: [[UInt8]]) -> [UInt8]? {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("auscult-fuzz-zip-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: url) }
        guard (try? Data(bytes).write(to: url)) != nil, let archive = try? ExportArchive(url: url) else { return nil }
        var entries: [(String, [UInt8])] = []
        for entry in archive.entries.prefix(8) {
            var content = Data()
            guard (try? archive.stream(entry, consumer: { content.append($0) })) != nil, content.count <= 64 << 10 else { return nil }
            entries.append((entry.path, [UInt8](content)))
        }
        for _ in 0..<random.smallCount(upTo: 3) {
            let index = entries.isEmpty ? nil : random.below(entries.count)
            switch (random.below(4), index) {
            case (0, let index?):
                entries[index].0 = random.element(of: entryNames)
            case (1, let index?):
                var fuzzer = MutationFuzzer(seeds: [entries[index].1], dictionary: [], maximumSize: 32 << 10, seed: random.next())
                entries[index].1 = fuzzer.mutate(entries[index].1)
            case (2, let index?):
                entries.insert(entries[index], at: random.below(entries.count + 1))
            default:
                entries.append((random.element(of: entryNames), random.element(of: extraFiles)))
            }
        }
        guard Set(entries.map(\.0)).count == entries.count, !entries.contains(where: { $0.0.isEmpty }) || random.chance(1, in: 4) else {
            return nil
        }
        return try? FuzzSeeds.zip(entries, method: random.chance(1, in: 2) ? .deflate : .none)
    }
}
