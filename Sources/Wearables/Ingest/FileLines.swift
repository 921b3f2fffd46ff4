import Foundation

/// Reads a text file line by line in fixed-size chunks, so memory stays bounded by the longest line.
enum FileLines {
    static let chunkSize = 1 << 20
    /// Lines between progress reports within a chunk: a chunk of short lines parses for a good while.
    static let linesPerProgressReport = 256
    /// Longest line accepted; a longer one is not a line of a text export.
    static let maximumLineBytes = 1 << 20

    enum Failure: Error, CustomStringConvertible {
        case lineTooLong(lineNumber: Int)

        var description: String {
            switch self {
            case .lineTooLong(let line): "line \(line) is longer than \(FileLines.maximumLineBytes >> 10) KiB: not a text export"
            }
        }
    }

    /// Calls `body` with every line (without its line break; CR LF too); `progress` gets the bytes consumed
    /// after every `linesPerProgressReport` lines and each chunk, and what it throws stops the read.
    static func forEach(in url: URL, progress: (Int64) throws -> Void, _ body: (Substring) throws -> Void) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var pending = [UInt8]()
        var bytesRead: Int64 = 0
        var lineNumber = 0
        func emit(_ bytes: ArraySlice<UInt8>) throws {
            lineNumber += 1
            var line = bytes
            if line.last == 0x0D { line = line.dropLast() }
            try body(Substring(String(decoding: line, as: UTF8.self)))
        }
        while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
            bytesRead += Int64(chunk.count)
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try emit(pending[start..<newline])
                start = newline + 1
                if lineNumber % linesPerProgressReport == 0 { try progress(bytesRead - Int64(pending.count - start)) }
            }
            pending.removeSubrange(..<start)
            if pending.count > maximumLineBytes { throw Failure.lineTooLong(lineNumber: lineNumber + 1) }
            try progress(bytesRead)
        }
        if !pending.isEmpty { try emit(pending[...]) }
    }
}
