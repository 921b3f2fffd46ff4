import Foundation

@testable import Wearables

/// The Apple Health XML tokenizer fed the same bytes whole and cut into pieces at places chosen by the
/// input itself: a streaming tokenizer must report the same elements and attributes however its input
/// arrives (real exports arrive in 1 MiB chunks, cut anywhere).
enum XMLChunkingFuzzTarget {
    static func target() throws -> FuzzTarget {
        FuzzTarget(
            name: "xml-chunks", seeds: try FuzzSeeds.appleXML() + FuzzSeeds.crashers("xml-chunks"), dictionary: FuzzSeeds.appleDictionary,
            maximumInputBytes: 32 << 10, defaultIterations: 300, run: compareChunkings)
    }

    /// Every event as text, and how the document ended (cleanly or with which failure).
    static func events(of bytes: [UInt8], cutAt cuts: [Int]) -> [String] {
        var tokenizer = XMLTokenizer()
        var events: [String] = []
        func record(_ event: XMLEvent) {
            switch event {
            case .startElement(let tag):
                let attributes = tag.attributes.map { "\(Array(tag.bytes[$0.name]))=\(Array(tag.bytes[$0.value]))" }
                events.append("<\(Array(tag.nameBytes)) \(attributes.joined(separator: " "))\(tag.isSelfClosing ? "/" : "")>")
            case .endElement(let name):
                events.append("</\(Array(name))>")
            }
        }
        do {
            var start = 0
            for cut in cuts + [bytes.count] where cut >= start {
                try tokenizer.feed(Data(bytes[start..<cut]), record)
                start = cut
            }
            try tokenizer.finish(record)
            events.append("end")
        } catch {
            events.append("failed: \(error)")
        }
        events.append("entities \(tokenizer.unknownEntityReferences), replaced \(tokenizer.replacedControlCharacters)")
        return events
    }

    @Sendable static func compareChunkings(_ bytes: [UInt8], file: URL) throws -> String {
        let whole = events(of: bytes, cutAt: [])
        // Cuts from a hash of the input: the same input is always cut the same way.
        var random = FuzzRandom(seed: bytes.reduce(UInt64(bytes.count)) { $0 &* 31 &+ UInt64($1) })
        let cuts = (0..<random.smallCount(upTo: 12)).map { _ in random.below(bytes.count + 1) }.sorted()
        let pieces = events(of: bytes, cutAt: cuts)
        guard pieces == whole else {
            let first = (0..<min(whole.count, pieces.count)).first { whole[$0] != pieces[$0] } ?? min(whole.count, pieces.count)
            throw FuzzViolation(
                message: "cut at \(cuts), event \(first) differs: whole \(whole.count > first ? whole[first] : "none"), "
                    + "cut \(pieces.count > first ? pieces[first] : "none")")
        }
        return "events \(min(whole.count, 8)) \(whole.last?.prefix(30) ?? "")"
    }
}
