extension RGBImage {
    /// Draws `text` in `BitmapFont` with its cell's top-left corner at `origin`; each font pixel becomes a
    /// `scale` × `scale` square. The text is one line (newlines draw as the unknown-character box) and is
    /// clipped at the image border.
    mutating func drawText(_ text: String, at origin: (x: Int, y: Int), color: RGB, scale: Int = 1) {
        var left = origin.x
        for character in text {
            for (rowIndex, bits) in BitmapFont.rows(for: character).enumerated() {
                for column in 0..<BitmapFont.glyphWidth {
                    guard bits & (1 << (BitmapFont.glyphWidth - 1 - column)) != 0 else { continue }
                    let square = PixelRect(
                        x: left + column * scale, y: origin.y + rowIndex * scale, width: scale, height: scale)
                    fillRectangle(square, color: color)
                }
            }
            left += BitmapFont.advance * scale
        }
    }
}
