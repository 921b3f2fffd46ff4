import Foundation
import Logging

/// How `auscult serve` runs: where it listens, where its data and viewer files live, how much it logs.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Holds `auscult.sqlite` (created and migrated on first start).
    public var dataDirectory: URL
    /// The viewer's static files.
    public var publicDirectory: URL
    public var logLevel: Logger.Level
    /// Largest watch-data export `POST /api/v1/uploads` accepts (413 beyond).
    public var maximumUploadBytes: Int64
    /// The one origin whose pages may call the API from a browser (CORS); nil: none may.
    public var corsOrigin: String?
    /// Most memory one forward pass may hold (float32 tensors); models over it for one week are
    /// refused, batches are made to fit.
    public var maximumForwardBytes: Int = 4 << 30
    /// How long running jobs may take to finish once a shutdown (SIGTERM, SIGINT) has stopped the HTTP
    /// server; jobs still running then are stopped and recorded failed (see `JobRunner.shutDown`).
    public var shutdownGracePeriod: Duration

    public init(
        host: String, port: Int, dataDirectory: URL, publicDirectory: URL, logLevel: Logger.Level, maximumUploadBytes: Int64 = 8 << 30,
        corsOrigin: String? = nil, shutdownGracePeriod: Duration = .seconds(30)
    ) {
        self.maximumUploadBytes = maximumUploadBytes
        self.corsOrigin = corsOrigin
        self.shutdownGracePeriod = shutdownGracePeriod
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.publicDirectory = publicDirectory
        self.logLevel = logLevel
    }
}
