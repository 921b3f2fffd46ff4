/// An axis-aligned rectangle of whole pixels; `x`, `y` is the top-left pixel, and the rectangle covers
/// columns `x ..< x + width` and rows `y ..< y + height`.
struct PixelRect: Hashable, Sendable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    /// One past the rightmost column.
    var maxX: Int { x + width }
    /// One past the bottom row.
    var maxY: Int { y + height }

    /// The rectangle shrunk by `margin` pixels on every side (grown when `margin` is negative).
    func insetBy(_ margin: Int) -> PixelRect {
        PixelRect(x: x + margin, y: y + margin, width: width - 2 * margin, height: height - 2 * margin)
    }
}
