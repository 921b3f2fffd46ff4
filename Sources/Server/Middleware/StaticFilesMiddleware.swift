import Hummingbird

/// Serves the viewer from the public directory for every path outside `/api`, so API 404s keep their
/// JSON body instead of being retried as file look-ups.
struct StaticFilesMiddleware<Context: RequestContext>: RouterMiddleware {
    let files: FileMiddleware<Context, LocalFileSystem>

    init(publicDirectory: String) {
        self.files = FileMiddleware(publicDirectory, searchForIndexHtml: true)
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if request.uri.path == "/api" || request.uri.path.hasPrefix("/api/") {
            return try await next(request, context)
        }
        return try await files.handle(request, context: context, next: next)
    }
}
