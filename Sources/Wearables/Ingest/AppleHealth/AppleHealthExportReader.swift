import Foundation

/// Reads an Apple Health export — the `export.zip` the Health app shares, or the `export.xml` inside it —
/// streaming it in 1 MiB chunks, so memory stays bounded for exports of several GB.
///
/// Heart-rate records (and, with `includeBeatToBeat`, the beat-to-beat readings of heart-rate-variability
/// records) become heart-rate samples, step-count records step samples, asleep sleep-analysis records and
/// workouts `asleep` and `workout` intervals; each sample's source and priority come from the record's
/// device (`AppleHealthDevice`). Heart-rate and step records whose date or value cannot be read are
/// counted as unparsable; everything else is only counted in the summary.
///
/// Inside a zip the export is found by its content, since the phone's language renames it
/// (`apple_health_export/exportar.xml`, `导出.xml`): `.xml` entries are tried first, then the rest;
/// `export_cda.xml` and AppleDouble entries never match.
public struct AppleHealthExportReader: Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The file is neither a zip nor an export XML; says what it looks like instead.
        case notAnExport(found: String)
        /// A zip without an Apple Health export in it; lists (up to 20 of) its entries.
        case noExportInArchive(entries: [String])
        /// The XML cannot be read on (a tag past the size cap).
        case malformedXML(String)

        public var description: String {
            switch self {
            case .notAnExport(let found): "not an Apple Health export (export.zip or export.xml): found \(found)"
            case .noExportInArchive(let entries):
                "the zip holds no Apple Health export.xml; its entries: \(entries.joined(separator: ", "))"
            case .malformedXML(let reason): "the Apple Health export cannot be read: \(reason)"
            }
        }
    }

    public var includeBeatToBeat: Bool
    /// Bytes read to recognise a file or entry by content.
    static let detectionBytes = 4096
    static let chunkBytes = 1 << 20

    public init(includeBeatToBeat: Bool = true) {
        self.includeBeatToBeat = includeBeatToBeat
    }

    /// Whether `prefix`, the first bytes of a file, holds `<!DOCTYPE HealthData` or a `<HealthData` tag
    /// (followed by a space, `>`, `/` or the end of `prefix`).
    public static func looksLikeExportXML(_ prefix: Data) -> Bool {
        let bytes = [UInt8](prefix)[...]
        if bytes.index(after: Array("<!DOCTYPE HealthData".utf8)) != nil { return true }
        var rest = bytes
        while let end = rest.index(after: AppleHealthNames.healthDataTagStart) {
            if end == rest.endIndex || XMLTokenizer.isSpace(rest[end]) || rest[end] == UInt8(ascii: ">")
                || rest[end] == UInt8(ascii: "/")
            {
                return true
            }
            rest = rest[end...]
        }
        return false
    }

    /// Reads the export at `url` into `sink`; `progress` gets the bytes of XML read so far after each chunk
    /// (what it throws stops the read and is rethrown: how a caller stops a long read).
    ///
    /// Throws `Failure` for a file that is not an export, `ExportArchive.Failure` for a damaged zip or one
    /// past `limits`, and file-system errors.
    public func read(
        fileAt url: URL, limits: ExportArchive.Limits = .init(), into sink: inout some SampleSink,
        progress: (Int64) throws -> Void = { _ in }
    ) throws -> AppleHealthSummary {
        let file = try FileHandle(forReadingFrom: url)
        defer { try? file.close() }
        let head = try file.read(upToCount: Self.detectionBytes) ?? Data()
        var tokenizer = XMLTokenizer()
        var document = AppleHealthDocumentReader(includeBeatToBeat: includeBeatToBeat)
        var exportEntry: String?
        func consume(_ chunk: Data) throws {
            do {
                try tokenizer.feed(chunk) { document.handle($0, into: &sink) }
            } catch let failure as XMLTokenizer.Failure {
                throw Failure.malformedXML(failure.description)
            }
            try progress(tokenizer.bytesFed)
        }
        if head.starts(with: [0x50, 0x4B]) {
            let archive = try ExportArchive(url: url, limits: limits)
            guard let entry = try Self.exportEntry(in: archive) else {
                throw Failure.noExportInArchive(entries: archive.entries.prefix(20).map(\.path))
            }
            exportEntry = entry.path
            try archive.stream(entry, chunkSize: Self.chunkBytes, consumer: consume)
        } else {
            guard Self.looksLikeExportXML(head) else { throw Failure.notAnExport(found: Self.describe(head)) }
            try consume(head)
            while let chunk = try file.read(upToCount: Self.chunkBytes), !chunk.isEmpty { try consume(chunk) }
        }
        var warnings: [String] = []
        do {
            try tokenizer.finish { document.handle($0, into: &sink) }
        } catch let failure as XMLTokenizer.Failure {
            warnings.append(failure.description)
        }
        var summary = document.finishedSummary()
        summary.exportEntry = exportEntry
        summary.bytesRead = tokenizer.bytesFed
        summary.warnings = warnings + Self.warnings(document: document, tokenizer: tokenizer)
        return summary
    }

    /// The first entry, `.xml` names first, whose content starts like an export.
    static func exportEntry(in archive: ExportArchive) throws -> ExportArchive.Entry? {
        let xmlFirst = archive.entries.filter { $0.path.lowercased().hasSuffix(".xml") }
            + archive.entries.filter { !$0.path.lowercased().hasSuffix(".xml") }
        for entry in xmlFirst where looksLikeExportXML(try archive.prefix(of: entry, byteCount: detectionBytes)) {
            return entry
        }
        return nil
    }

    static func warnings(document: AppleHealthDocumentReader, tokenizer: XMLTokenizer) -> [String] {
        var warnings: [String] = []
        if !document.sawHealthData {
            warnings.append("the XML has no <HealthData> element")
        } else if !document.closedHealthData {
            warnings.append("the export ends before </HealthData>: it may be truncated")
        }
        if tokenizer.unknownEntityReferences > 0 {
            warnings.append(
                "\(tokenizer.unknownEntityReferences) entity references were left unexpanded "
                    + "(only the five predefined XML entities and character references are decoded)")
        }
        if tokenizer.replacedControlCharacters > 0 {
            warnings.append(
                "\(tokenizer.replacedControlCharacters) control characters or invalid character references in "
                    + "attribute values were replaced by U+FFFD")
        }
        if document.unreadableIntervals > 0 {
            warnings.append("\(document.unreadableIntervals) sleep or workout intervals have unreadable dates")
        }
        if document.samplesAdded == 0 {
            warnings.append("the export has no heart-rate or step samples: nothing can be placed on the week grid")
        }
        return warnings
    }

    /// A few words on what a file that is not an export holds, from its first bytes.
    static func describe(_ head: Data) -> String {
        let text = String(decoding: head.prefix(512), as: UTF8.self)
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if head.isEmpty { return "an empty file" }
        if head.starts(with: Data("%PDF".utf8)) { return "a PDF document" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "a PNG image" }
        if trimmed.first == "{" || trimmed.first == "[" { return "JSON" }
        if trimmed.first == "<" {
            var rest = trimmed[...]
            while let open = rest.firstIndex(of: "<") {
                rest = rest[rest.index(after: open)...]
                guard let first = rest.first, first != "?", first != "!" else { continue }
                let name = rest.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
                return "an XML document whose first element is <\(name)>"
            }
            return "an XML document without elements in its first \(head.count) bytes"
        }
        let bytes = head.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
        return "a file starting with the bytes \(bytes)"
    }
}
