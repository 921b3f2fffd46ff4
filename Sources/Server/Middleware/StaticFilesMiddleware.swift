import Foundation
import Hummingbird

/// Serves the viewer from the public directory for every path outside `/api`, so API 404s keep their
/// JSON body instead of being retried as file look-ups.
///
/// A path that resolves (through `..` or a symbolic link) to anything outside the public directory is
/// answered 404 before the file server sees it: a link placed in `public/` cannot expose other files.
struct StaticFilesMiddleware<Context: RequestContext>: RouterMiddleware {
    let files: FileMiddleware<Context, LocalFileSystem>
    let root: String

    init(publicDirectory: String) {
        self.files = FileMiddleware(publicDirectory, searchForIndexHtml: true)
        self.root = URL(fileURLWithPath: publicDirectory).resolvingSymlinksInPath().standardizedFileURL.path
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        if path == "/api" || path.hasPrefix("/api/") {
            return try await next(request, context)
        }
        guard isInsideRoot(path) else {
            throw HTTPError(.notFound)
        }
        return try await files.handle(request, context: context, next: next)
    }

    /// Whether the file `path` names (percent-decoded, links resolved) lies inside the public directory.
    func isInsideRoot(_ path: String) -> Bool {
        let decoded = path.removingPercentEncoding ?? path
        guard !decoded.contains("\0") else { return false }
        let candidate = URL(fileURLWithPath: root).appendingPathComponent(decoded).standardizedFileURL.resolvingSymlinksInPath().path
        return candidate == root || candidate.hasPrefix(root + "/")
    }
}
