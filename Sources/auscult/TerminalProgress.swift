import Foundation

/// A progress bar on stderr: redrawn in place on a terminal, plain lines (every 10%) otherwise.
struct TerminalProgress {
    let title: String
    let total: Int
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastDecile = -1
    private let started = Date()

    init(title: String, total: Int) {
        self.title = title
        self.total = max(1, total)
    }

    mutating func update(done: Int, detail: String) {
        let fraction = Double(done) / Double(total)
        let elapsed = Date().timeIntervalSince(started)
        if isTerminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            write(String(format: "\r%@ [%@] %d/%d %@ %.0fs\u{1B}[K", title, bar, done, total, detail, elapsed))
            if done >= total { write("\n") }
        } else {
            let decile = Int(fraction * 10)
            guard decile != lastDecile || done >= total else { return }
            lastDecile = decile
            write(String(format: "%@ %d/%d %@ %.0fs\n", title, done, total, detail, elapsed))
        }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
