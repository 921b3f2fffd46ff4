import Foundation
import ZIPFoundation

/// A zip archive holding a wearable export (Apple Health, Google Takeout, Fitbit, Garmin), read one entry
/// at a time in bounded chunks, with caps against zip bombs.
///
/// ZIPFoundation's `Archive` lists the entries; the data is read here and inflated with ZIPFoundation's
/// `Data.decompress`, because `Archive.extract` spins forever when a damaged deflate stream runs past
/// the end of the file. The entry's compressed bytes are the only input zlib ever sees, so a damaged
/// entry throws `Failure.corrupt` instead of hanging or reading past its buffer. Only stored and deflated,
/// unencrypted entries can be read.
public struct ExportArchive {
    /// A file in the archive; sizes are as the directory declares them, which a damaged or hostile zip
    /// can get wrong (reads count the bytes actually produced).
    public struct Entry: Sendable, Hashable {
        public var path: String
        public var compressedSize: Int64
        public var uncompressedSize: Int64
        let checksum: UInt32
        let compressionMethod: UInt16
        let dataOffset: Int64
    }

    public let limits: Limits
    /// Files in directory order, without directories, `__MACOSX/` AppleDouble entries and `._*` files.
    public let entries: [Entry]
    private let file: FileHandle
    private let fileSize: Int64

    public init(url: URL, limits: Limits = .init()) throws {
        self.limits = limits
        file = try FileHandle(forReadingFrom: url)
        fileSize = Int64(try file.seekToEnd())
        guard fileSize >= 4, try file.bytes(at: 0, count: 2) == [0x50, 0x4B] else { throw Failure.notAZip }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw Failure.corrupt("ZIPFoundation cannot open it (\(error))")
        }
        let listed = Array(archive)
        let records = try ZipDirectoryRecord.all(in: file, fileSize: fileSize)
        guard listed.count == records.count else {
            throw Failure.corrupt("the central directory lists \(records.count) entries but only \(listed.count) can be read")
        }
        var entries: [Entry] = []
        for (entry, record) in zip(listed, records) where entry.type == .file && !Self.isAppleDouble(entry.path) {
            let dataOffset = try record.dataOffset(in: file, fileSize: fileSize)
            let compressedSize = Int64(clamping: entry.compressedSize)
            guard compressedSize <= fileSize - dataOffset else {
                throw Failure.corrupt("'\(entry.path)' claims \(compressedSize) bytes past the end of the file")
            }
            guard !record.isEncrypted else { throw Failure.corrupt("'\(entry.path)' is encrypted") }
            guard record.compressionMethod == 0 || record.compressionMethod == 8 else {
                throw Failure.corrupt(
                    "'\(entry.path)' uses compression method \(record.compressionMethod); only stored (0) and deflate (8) can be read")
            }
            entries.append(
                Entry(
                    path: entry.path, compressedSize: compressedSize,
                    uncompressedSize: Int64(clamping: entry.uncompressedSize), checksum: entry.checksum,
                    compressionMethod: record.compressionMethod, dataOffset: dataOffset))
        }
        self.entries = entries
    }

    /// macOS resource forks (`__MACOSX/…`, `._name`), which hold no export data.
    static func isAppleDouble(_ path: String) -> Bool {
        path.hasPrefix("__MACOSX/") || path.split(separator: "/").last?.hasPrefix("._") == true
    }

    /// Up to `byteCount` first bytes of `entry`, to recognise a file by its content; fewer when the
    /// entry is shorter. The checksum is not verified (the entry is not read to its end).
    public func prefix(of entry: Entry, byteCount: Int) throws -> Data {
        var prefix = Data()
        guard byteCount > 0 else { return prefix }
        do {
            try stream(entry, chunkSize: min(byteCount, 1 << 16), verifiesChecksum: false) { chunk in
                prefix.append(chunk.prefix(byteCount - prefix.count))
                if prefix.count >= byteCount { throw PrefixComplete() }
            }
        } catch is PrefixComplete {}
        return prefix
    }

    /// Hands `entry`'s inflated bytes to `consumer` in chunks of at most `chunkSize` bytes.
    ///
    /// Throws `entryTooLarge` or `compressionRatioTooHigh` as soon as the bytes produced pass the
    /// limits, `corrupt` when the data is damaged, its checksum or its length differs from the directory's,
    /// and rethrows what `consumer` throws.
    public func stream(_ entry: Entry, chunkSize: Int = 1 << 20, consumer: (Data) throws -> Void) throws {
        try stream(entry, chunkSize: chunkSize, verifiesChecksum: true, consumer: consumer)
    }

    private struct PrefixComplete: Error {}

    /// Wraps an error of the consumer so that it is not mistaken for damaged data.
    private struct ConsumerError: Error {
        var error: any Error
    }

    private func stream(
        _ entry: Entry, chunkSize: Int, verifiesChecksum: Bool, consumer: (Data) throws -> Void
    ) throws {
        let chunkSize = max(chunkSize, 1024)
        guard entry.uncompressedSize <= limits.maximumEntryBytes else {
            throw Failure.entryTooLarge(entry: entry.path, limit: limits.maximumEntryBytes)
        }
        var produced: Int64 = 0
        var checksum: UInt32 = 0
        let ratioLimit = limits.maximumRatio * Double(max(entry.compressedSize, 1))
        func deliver(_ chunk: Data) throws {
            produced += Int64(chunk.count)
            if produced > limits.maximumEntryBytes {
                throw Failure.entryTooLarge(entry: entry.path, limit: limits.maximumEntryBytes)
            }
            if produced > Limits.ratioGraceBytes && Double(produced) > ratioLimit {
                throw Failure.compressionRatioTooHigh(entry: entry.path, limit: limits.maximumRatio)
            }
            if verifiesChecksum { checksum = ZipChecksum.update(checksum, with: chunk) }
            do { try consumer(chunk) } catch { throw ConsumerError(error: error) }
        }
        do {
            try file.seek(toOffset: UInt64(entry.dataOffset))
            if entry.compressionMethod == 0 {
                try readStored(entry, chunkSize: chunkSize, into: deliver)
            } else {
                try inflate(entry, chunkSize: chunkSize, into: deliver)
            }
        } catch let wrapped as ConsumerError {
            throw wrapped.error
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure.corrupt("'\(entry.path)' cannot be inflated (\(error))")
        }
        guard verifiesChecksum else { return }
        guard produced == entry.uncompressedSize else {
            throw Failure.corrupt("'\(entry.path)' holds \(produced) bytes, the directory says \(entry.uncompressedSize)")
        }
        guard checksum == entry.checksum else { throw Failure.corrupt("'\(entry.path)' fails its CRC-32 check") }
    }

    private func readStored(_ entry: Entry, chunkSize: Int, into deliver: (Data) throws -> Void) throws {
        var remaining = entry.compressedSize
        while remaining > 0 {
            let count = Int(min(Int64(chunkSize), remaining))
            let chunk = try file.read(upToCount: count) ?? Data()
            guard chunk.count == count else { throw Failure.corrupt("the file ends inside '\(entry.path)'") }
            remaining -= Int64(count)
            try deliver(chunk)
        }
    }

    /// zlib is always handed exactly `chunkSize` bytes (ZIPFoundation assumes so): the entry's last
    /// compressed bytes are padded with zeros once, and asking for input after that means the deflate
    /// stream does not end inside the entry.
    private func inflate(_ entry: Entry, chunkSize: Int, into deliver: (Data) throws -> Void) throws {
        var remaining = entry.compressedSize
        var padded = false
        _ = try Data.decompress(
            size: entry.compressedSize, bufferSize: chunkSize, skipCRC32: true,
            provider: { _, size in
                guard remaining > 0 else {
                    guard !padded else {
                        throw Failure.corrupt("the deflate stream of '\(entry.path)' does not end inside the entry")
                    }
                    padded = true
                    return Data(count: size)
                }
                let count = Int(min(Int64(size), remaining))
                var chunk = try file.read(upToCount: count) ?? Data()
                guard chunk.count == count else { throw Failure.corrupt("the file ends inside '\(entry.path)'") }
                remaining -= Int64(count)
                if count < size {
                    chunk.append(Data(count: size - count))
                    padded = true
                }
                return chunk
            }, consumer: deliver)
    }
}
