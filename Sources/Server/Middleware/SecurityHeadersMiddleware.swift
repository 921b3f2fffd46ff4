import HTTPTypes
import Hummingbird

/// The security headers of every response, errors included: a Content-Security-Policy (built with
/// Hummingbird's `ContentSecurityPolicy`) that lets the viewer run only the service's own scripts and
/// styles, talk only to the service and never be framed; `nosniff`; no `Referer` sent to other sites (the
/// address may hold a token on first login); no framing by older browsers; no shared browsing context.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: ContentSecurityPolicy {
        [
            .defaultSrc(.self), .scriptSrc(.self), .styleSrc(.self), .imgSrc(.self, .uri("data:"), .uri("blob:")),
            .connectSrc(.self), .objectSrc(.none), .baseURI(.none), .formAction(.self), .frameAncestors(.none),
        ]
    }

    let headers: HTTPFields = [
        .contentSecurityPolicy: Self.contentSecurityPolicy.description,
        .xContentTypeOptions: "nosniff",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        HTTPField.Name("Cross-Origin-Opener-Policy")!: "same-origin",
    ]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        for field in headers { response.headers[field.name] = field.value }
        return response
    }
}
