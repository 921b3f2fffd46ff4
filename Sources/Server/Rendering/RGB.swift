/// One 8-bit sRGB colour, as stored in an `RGBImage` and written to PNG colour type 2.
struct RGB: Hashable, Sendable, CustomStringConvertible {
    var red: UInt8
    var green: UInt8
    var blue: UInt8

    init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    static let white = RGB(255, 255, 255)
    static let black = RGB(0, 0, 0)

    /// Text and axis lines.
    static let ink = RGB(34, 34, 34)
    /// Plot frames and tick marks.
    static let axis = RGB(110, 110, 110)
    /// Grid lines behind a plot.
    static let grid = RGB(225, 225, 225)

    /// The colour a fraction `t` of the way from `self` to `other`; `t` is clamped to 0...1 and each channel
    /// is rounded to the nearest integer, so `t = 0` and `t = 1` return the end colours exactly.
    func interpolated(to other: RGB, fraction t: Double) -> RGB {
        let t = Swift.min(1, Swift.max(0, t))
        func channel(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
        }
        return RGB(channel(red, other.red), channel(green, other.green), channel(blue, other.blue))
    }

    var description: String { "rgb(\(red), \(green), \(blue))" }
}
