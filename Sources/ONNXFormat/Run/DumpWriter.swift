import Foundation

/// Writes tensors as `<sanitised name>.npy` into one directory, keeping file names unique, and an
/// `index.json` that maps each tensor name to its file, shape and dtype.
struct DumpWriter {
    struct Entry: Encodable {
        let file: String
        let shape: [Int]
        let dtype: String
    }

    let directory: URL
    private(set) var files: [String: URL] = [:]
    private var entries: [String: Entry] = [:]
    private var usedStems: Set<String> = []

    init(directory: URL) {
        self.directory = directory
    }

    /// Writes `array` for tensor `name`; a stem already taken gets `_2`, `_3`, … appended.
    mutating func write(_ array: NumpyArray, name: String, fileStem: String? = nil) throws {
        let base = fileStem ?? TensorFileName.sanitized(name)
        var stem = base
        var counter = 2
        while usedStems.contains(stem) {
            stem = "\(base)_\(counter)"
            counter += 1
        }
        usedStems.insert(stem)
        let url = directory.appendingPathComponent("\(stem).npy")
        try array.write(to: url)
        files[name] = url
        entries[name] = Entry(file: url.lastPathComponent, shape: array.shape, dtype: array.dtype.rawValue)
    }

    func writeIndex() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(entries).write(to: directory.appendingPathComponent("index.json"))
    }
}
