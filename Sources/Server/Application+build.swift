import Foundation
import Hummingbird
import Logging
import Store

/// Builds the HTTP application for `configuration` over `database`: the HTTP server and, shut down
/// after it, the job runner (running jobs get `configuration.shutdownGracePeriod` to finish).
public func buildApplication(
    configuration: ServerConfiguration, database: AppDatabase
) throws -> some ApplicationProtocol {
    var logger = Logger(label: "auscult")
    logger.logLevel = configuration.logLevel
    let uploads = configuration.dataDirectory.appendingPathComponent("uploads")
    // Files of uploads a stopped server was still receiving or ingesting (their jobs are marked failed).
    for name in (try? FileManager.default.contentsOfDirectory(atPath: uploads.path)) ?? [] where name.hasPrefix("incoming-") {
        try? FileManager.default.removeItem(at: uploads.appendingPathComponent(name))
    }
    var limits = InspectionServices.Limits()
    limits.maximumUploadBytes = configuration.maximumUploadBytes
    limits.forwardElementLimit = configuration.maximumForwardBytes / MemoryLayout<Float>.size
    let services = InspectionServices(database: database, limits: limits, uploadDirectory: uploads)
    let router = try buildRouter(services: services, publicDirectory: configuration.publicDirectory, corsOrigin: configuration.corsOrigin)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "Auscult"),
        services: [JobShutdownService(jobs: services.jobs, grace: configuration.shutdownGracePeriod, logger: logger)],
        logger: logger)
}

/// The router: `/healthz`, the viewer's static files, and the token-protected `/api/v1`.
///
/// Routes are grouped by the scope they need; `TokenAuthMiddleware` rejects a request before its
/// handler runs.
public func buildRouter(database: AppDatabase, publicDirectory: URL, uploadDirectory: URL? = nil) throws -> Router<AppRequestContext> {
    try buildRouter(services: InspectionServices(database: database, uploadDirectory: uploadDirectory), publicDirectory: publicDirectory)
}

/// `tokenLifetime`: how long a looked-up token is trusted without reading the database again.
func buildRouter(
    services: InspectionServices, publicDirectory: URL, corsOrigin: String? = nil, tokenLifetime: Duration = .seconds(1)
) throws -> Router<AppRequestContext> {
    let database = services.database
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    // Cross-origin reads of the API are off unless one origin is configured (a notebook server, say).
    if let corsOrigin {
        router.add(middleware: CORSMiddleware(
            allowOrigin: .custom(corsOrigin), allowHeaders: [.accept, .authorization, .contentType],
            allowMethods: [.get, .post, .put, .delete, .options]))
    }
    router.add(middleware: ErrorEnvelopeMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: StaticFilesMiddleware(publicDirectory: publicDirectory.path))

    router.get("healthz") { _, _ -> HealthResponse in
        HealthResponse(status: "ok", users: try await database.userCountAsync())
    }

    let limit = RateLimitMiddleware(limiter: services.rateLimiter)
    let authenticator = TokenAuthenticator(database: database, lifetime: tokenLifetime)
    let read = router.group("api/v1").add(middleware: TokenAuthMiddleware(authenticator: authenticator, requiredScope: .read)).add(middleware: limit)
    try OpenAPIController().addRoutes(to: read)
    UserController(database: database).addRoutes(to: read.group("users"))
    WeekController(database: database).addRoutes(to: read.group("weeks"))
    JobController(services: services).addRoutes(to: read.group("jobs"))

    let upload = router.group("api/v1").add(middleware: TokenAuthMiddleware(authenticator: authenticator, requiredScope: .upload)).add(middleware: limit)
    let admin = router.group("api/v1").add(middleware: TokenAuthMiddleware(authenticator: authenticator, requiredScope: .admin))
    let models = ModelController(services: services)
    models.addRoutes(read: read.group("models"), upload: upload.group("models"), admin: admin.group("models"))
    ActivationController(services: services, models: models).addRoutes(to: read.group("models"))
    GradientController(services: services, models: models).addRoutes(to: read.group("models"))
    DiagnosticsController(services: services, models: models).addRoutes(to: read.group("models"))
    EvaluationController(services: services, models: models).addRoutes(models: read.group("models"), evaluations: read.group("evaluations"))
    SyntheticController(services: services).addRoutes(weeks: read.group("weeks"), synthetic: read.group("synthetic"))
    UploadController(services: services).addRoutes(read: read.group("uploads"), upload: upload.group("uploads"))
    LabelController(database: database).addRoutes(users: upload.group("users"), labels: upload.group("labels"))
    TokenController(database: database, authenticator: authenticator).addRoutes(to: admin.group("tokens"))
    return router
}

struct HealthResponse: ResponseEncodable, Sendable {
    let status: String
    let users: Int
}
