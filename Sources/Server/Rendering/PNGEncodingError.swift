/// Why an `RGBImage` could not be written as PNG.
enum PNGEncodingError: Error, Equatable, CustomStringConvertible {
    /// PNG requires at least one row and one column, and dimensions below 2^31.
    case unsupportedSize(width: Int, height: Int)
    /// zlib's `compress2` returned a status other than `Z_OK` (e.g. -4, `Z_MEM_ERROR`).
    case compressionFailed(zlibStatus: Int32)

    var description: String {
        switch self {
        case .unsupportedSize(let width, let height):
            "cannot encode a \(width)×\(height) image as PNG: both sides must be between 1 and 2147483647 pixels"
        case .compressionFailed(let status):
            "zlib compress2 failed with status \(status) while writing PNG image data"
        }
    }
}
