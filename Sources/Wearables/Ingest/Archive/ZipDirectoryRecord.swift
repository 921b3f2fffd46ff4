import Foundation

/// What `ExportArchive` needs from each central-directory record that ZIPFoundation keeps internal:
/// where the entry's local header starts, its compression method and its flags.
///
/// Records come back in directory order, the order ZIPFoundation's `Archive` iterates. ZIP64 offsets are
/// read from the `0x0001` extra field. Nothing here inflates or trusts sizes: the caller checks offsets
/// against the file size.
struct ZipDirectoryRecord: Sendable, Equatable {
    var compressionMethod: UInt16
    var flags: UInt16
    var localHeaderOffset: Int64

    var isEncrypted: Bool { flags & 1 != 0 }

    /// Every record of the central directory of the zip `file` (`fileSize` bytes long).
    static func all(in file: FileHandle, fileSize: Int64) throws -> [ZipDirectoryRecord] {
        let tailLength = min(fileSize, 22 + 65_535)
        let tail = try file.bytes(at: fileSize - tailLength, count: Int(tailLength))
        // The record is 22 bytes: a signature closer to the end than that is not one.
        guard tail.count >= 22, let end = tail.lastIndex(ofSignature: 0x0605_4b50, atOrBefore: tail.count - 22) else {
            throw ExportArchive.Failure.corrupt("no end-of-central-directory record (truncated?)")
        }
        var count = Int64(tail.uint16(at: end + 10))
        var size = Int64(tail.uint32(at: end + 12))
        var offset = Int64(tail.uint32(at: end + 16))
        if offset == 0xFFFF_FFFF || count == 0xFFFF || size == 0xFFFF_FFFF, end >= 20,
            tail.uint32(at: end - 20) == 0x0706_4b50
        {
            let zip64End = Int64(truncatingIfNeeded: tail.uint64(at: end - 20 + 8))
            guard zip64End >= 0, zip64End <= fileSize - 56 else {
                throw ExportArchive.Failure.corrupt("the ZIP64 end record lies outside the file")
            }
            let record = try file.bytes(at: zip64End, count: 56)
            guard record.uint32(at: 0) == 0x0606_4b50 else {
                throw ExportArchive.Failure.corrupt("no ZIP64 end-of-central-directory record where the locator points")
            }
            count = Int64(truncatingIfNeeded: record.uint64(at: 32))
            size = Int64(truncatingIfNeeded: record.uint64(at: 40))
            offset = Int64(truncatingIfNeeded: record.uint64(at: 48))
        }
        guard offset >= 0, size >= 0, count >= 0, offset <= fileSize, size <= fileSize - offset, count <= size / 46 + 1 else {
            throw ExportArchive.Failure.corrupt("the central directory lies outside the file")
        }
        let directory = try file.bytes(at: offset, count: Int(size))
        var records: [ZipDirectoryRecord] = []
        var position = 0
        for _ in 0..<count {
            guard position + 46 <= directory.count, directory.uint32(at: position) == 0x0201_4b50 else {
                throw ExportArchive.Failure.corrupt("central-directory record \(records.count + 1) is damaged")
            }
            let nameLength = Int(directory.uint16(at: position + 28))
            let extraLength = Int(directory.uint16(at: position + 30))
            let commentLength = Int(directory.uint16(at: position + 32))
            var localHeader = Int64(directory.uint32(at: position + 42))
            let extraStart = position + 46 + nameLength
            guard extraStart + extraLength + commentLength <= directory.count else {
                throw ExportArchive.Failure.corrupt("central-directory record \(records.count + 1) is damaged")
            }
            if localHeader == 0xFFFF_FFFF {
                let sizesInExtra =
                    (directory.uint32(at: position + 24) == 0xFFFF_FFFF ? 1 : 0)
                    + (directory.uint32(at: position + 20) == 0xFFFF_FFFF ? 1 : 0)
                localHeader = directory.zip64Field(
                    in: extraStart..<(extraStart + extraLength), index: sizesInExtra) ?? localHeader
            }
            records.append(
                ZipDirectoryRecord(
                    compressionMethod: directory.uint16(at: position + 10), flags: directory.uint16(at: position + 8),
                    localHeaderOffset: localHeader))
            position = extraStart + extraLength + commentLength
        }
        return records
    }

    /// Where the entry's data starts: after its local header, name and extra field.
    func dataOffset(in file: FileHandle, fileSize: Int64) throws -> Int64 {
        guard localHeaderOffset >= 0, localHeaderOffset <= fileSize - 30 else {
            throw ExportArchive.Failure.corrupt("a local header lies outside the file")
        }
        let header = try file.bytes(at: localHeaderOffset, count: 30)
        guard header.uint32(at: 0) == 0x0403_4b50 else {
            throw ExportArchive.Failure.corrupt("no local header where the directory points (offset \(localHeaderOffset))")
        }
        return localHeaderOffset + 30 + Int64(header.uint16(at: 26)) + Int64(header.uint16(at: 28))
    }
}

extension FileHandle {
    /// Exactly `count` bytes at `offset`, or `corrupt` when the file ends first.
    func bytes(at offset: Int64, count: Int) throws -> [UInt8] {
        try seek(toOffset: UInt64(offset))
        let data = try read(upToCount: count) ?? Data()
        guard data.count == count else { throw ExportArchive.Failure.corrupt("the file ends at byte \(offset + Int64(data.count))") }
        return [UInt8](data)
    }
}

fileprivate extension [UInt8] {
    func uint16(at index: Int) -> UInt16 {
        UInt16(self[index]) | UInt16(self[index + 1]) << 8
    }

    func uint32(at index: Int) -> UInt32 {
        UInt32(uint16(at: index)) | UInt32(uint16(at: index + 2)) << 16
    }

    func uint64(at index: Int) -> UInt64 {
        UInt64(uint32(at: index)) | UInt64(uint32(at: index + 4)) << 32
    }

    /// The last position, at or before `latest`, of a little-endian 4-byte signature.
    func lastIndex(ofSignature signature: UInt32, atOrBefore latest: Int) -> Int? {
        let start = Swift.min(latest, count - 4)
        guard start >= 0 else { return nil }
        return stride(from: start, through: 0, by: -1).first { uint32(at: $0) == signature }
    }

    /// The `index`th 8-byte value of the ZIP64 extra field (id 1) within `range`.
    func zip64Field(in range: Range<Int>, index: Int) -> Int64? {
        var position = range.lowerBound
        while position + 4 <= range.upperBound {
            let id = uint16(at: position)
            let length = Int(uint16(at: position + 2))
            let field = position + 4 + index * 8
            if id == 1, field + 8 <= position + 4 + length, field + 8 <= range.upperBound {
                return Int64(truncatingIfNeeded: uint64(at: field))
            }
            position += 4 + length
        }
        return nil
    }
}
