/// A width × height raster of 8-bit RGB pixels with the drawing primitives the plot renderers need.
///
/// Pixels are stored row-major, three bytes per pixel (red, green, blue), top row first — the layout of a
/// PNG scanline without its filter byte. Every drawing call clips to the image: coordinates outside it are
/// ignored rather than trapping, so renderers can draw labels near the border without bounds arithmetic.
struct RGBImage: Hashable, Sendable {
    let width: Int
    let height: Int
    /// (height, width, 3) row-major.
    private(set) var pixels: [UInt8]

    /// An image filled with `background`; `width` and `height` must not be negative.
    init(width: Int, height: Int, background: RGB = .white) {
        precondition(width >= 0 && height >= 0, "image size \(width)×\(height) is negative")
        self.width = width
        self.height = height
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for offset in stride(from: 0, to: pixels.count, by: 3) {
            pixels[offset] = background.red
            pixels[offset + 1] = background.green
            pixels[offset + 2] = background.blue
        }
        self.pixels = pixels
    }

    /// The colour at (`x`, `y`); both must lie inside the image.
    func pixel(x: Int, y: Int) -> RGB {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width)×\(height)")
        let offset = (y * width + x) * 3
        return RGB(pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }

    /// Sets one pixel; does nothing outside the image.
    mutating func setPixel(x: Int, y: Int, color: RGB) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let offset = (y * width + x) * 3
        pixels[offset] = color.red
        pixels[offset + 1] = color.green
        pixels[offset + 2] = color.blue
    }

    /// Paints every pixel of `rectangle` that lies inside the image.
    mutating func fillRectangle(_ rectangle: PixelRect, color: RGB) {
        let clipped = clip(rectangle)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { setPixel(x: x, y: y, color: color) }
        }
    }

    /// Mixes `color` into `rectangle` with the given opacity (0 leaves the pixels, 1 paints `color`), for
    /// shading a band behind or over a plot.
    mutating func blendRectangle(_ rectangle: PixelRect, color: RGB, opacity: Double) {
        let clipped = clip(rectangle)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX {
                setPixel(x: x, y: y, color: pixel(x: x, y: y).interpolated(to: color, fraction: opacity))
            }
        }
    }

    /// Draws row `y` from column `x0` to `x1`, both ends included, in either order. With `dash` set, draws
    /// `dash.on` pixels then skips `dash.off`, starting from the left end.
    mutating func drawHorizontalLine(x0: Int, x1: Int, y: Int, color: RGB, dash: (on: Int, off: Int)? = nil) {
        let period = dash.map { Swift.max(1, $0.on + $0.off) } ?? 1
        for x in Swift.min(x0, x1)...Swift.max(x0, x1) {
            let step = x - Swift.min(x0, x1)
            if let dash, step % period >= dash.on { continue }
            setPixel(x: x, y: y, color: color)
        }
    }

    /// Draws column `x` from row `y0` to `y1`, both ends included, in either order.
    mutating func drawVerticalLine(x: Int, y0: Int, y1: Int, color: RGB) {
        for y in Swift.min(y0, y1)...Swift.max(y0, y1) { setPixel(x: x, y: y, color: color) }
    }

    /// Draws a one-pixel line between two points, both included, in any direction (Bresenham's algorithm,
    /// so every step moves one pixel along the major axis and the line has no gaps).
    mutating func drawLine(from start: (x: Int, y: Int), to end: (x: Int, y: Int), color: RGB) {
        let dx = abs(end.x - start.x)
        let dy = -abs(end.y - start.y)
        let stepX = start.x < end.x ? 1 : -1
        let stepY = start.y < end.y ? 1 : -1
        var error = dx + dy
        var (x, y) = start
        while true {
            setPixel(x: x, y: y, color: color)
            if x == end.x && y == end.y { break }
            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += stepX
            }
            if doubled <= dx {
                error += dx
                y += stepY
            }
        }
    }

    /// Draws the one-pixel outline of `rectangle` (its outermost rows and columns).
    mutating func strokeRectangle(_ rectangle: PixelRect, color: RGB) {
        guard rectangle.width > 0, rectangle.height > 0 else { return }
        drawHorizontalLine(x0: rectangle.x, x1: rectangle.maxX - 1, y: rectangle.y, color: color)
        drawHorizontalLine(x0: rectangle.x, x1: rectangle.maxX - 1, y: rectangle.maxY - 1, color: color)
        drawVerticalLine(x: rectangle.x, y0: rectangle.y, y1: rectangle.maxY - 1, color: color)
        drawVerticalLine(x: rectangle.maxX - 1, y0: rectangle.y, y1: rectangle.maxY - 1, color: color)
    }

    /// The part of `rectangle` inside the image (possibly empty, never negative-sized).
    private func clip(_ rectangle: PixelRect) -> PixelRect {
        let x0 = Swift.max(0, rectangle.x), y0 = Swift.max(0, rectangle.y)
        let x1 = Swift.min(width, rectangle.maxX), y1 = Swift.min(height, rectangle.maxY)
        return PixelRect(x: x0, y: y0, width: Swift.max(0, x1 - x0), height: Swift.max(0, y1 - y0))
    }
}
