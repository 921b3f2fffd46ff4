import Testing

@testable import Server

struct BitmapFontTests {
    static let coveredCharacters =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,-+:/%|()[]_='<>*#?!"

    /// The (x, y) of every pixel that differs from the background.
    func inkedPixels(_ image: RGBImage, background: RGB = .white) -> [(x: Int, y: Int)] {
        (0..<image.height).flatMap { y in
            (0..<image.width).compactMap { x in image.pixel(x: x, y: y) == background ? nil : (x, y) }
        }
    }

    @Test func coversLabelsDigitsAndLettersWithGlyphsThatFitTheCell() {
        for character in Self.coveredCharacters {
            #expect(BitmapFont.covers(character), "no glyph for \(character)")
            let rows = BitmapFont.rows(for: character)
            #expect(rows.count <= BitmapFont.cellHeight, "\(character) has \(rows.count) rows")
            #expect(rows.allSatisfy { $0 < 1 << BitmapFont.glyphWidth }, "\(character) is wider than 5 pixels")
        }
    }

    @Test func everyGlyphIsDistinct() {
        var seen: [[UInt8]: Character] = [:]
        for character in Self.coveredCharacters {
            var rows = BitmapFont.rows(for: character)
            while rows.last == 0 { rows.removeLast() }
            #expect(seen[rows] == nil, "\(character) looks like \(seen[rows].map(String.init) ?? "")")
            seen[rows] = character
        }
    }

    @Test func unknownCharactersDrawAsABox() {
        #expect(!BitmapFont.covers("€"))
        #expect(BitmapFont.rows(for: "€") == BitmapFont.unknownGlyph)
        var image = RGBImage(width: 5, height: 9)
        image.drawText("€", at: (0, 0), color: .black)
        #expect(image.pixel(x: 0, y: 1) == .black && image.pixel(x: 4, y: 5) == .black)
        #expect(image.pixel(x: 2, y: 3) == .white)
    }

    @Test func textStaysInsideItsMeasuredBox() {
        let text = "Mon 00:00"
        var image = RGBImage(width: 120, height: 30)
        image.drawText(text, at: (3, 4), color: .black, scale: 2)

        let ink = inkedPixels(image)
        #expect(ink.map(\.x).min() == 3)
        #expect(ink.map(\.x).max() == 3 + BitmapFont.width(of: text, scale: 2) - 1)
        #expect(ink.map(\.y).min() == 4)
        #expect(ink.map(\.y).max()! < 4 + BitmapFont.capitalHeight * 2)
    }

    @Test func scaleTwoDrawsEachFontPixelAsATwoByTwoSquare() {
        var small = RGBImage(width: 80, height: 12)
        var large = RGBImage(width: 160, height: 24)
        small.drawText("log10 |grad|", at: (0, 0), color: .black)
        large.drawText("log10 |grad|", at: (0, 0), color: .black, scale: 2)
        #expect(inkedPixels(large).count == 4 * inkedPixels(small).count)
    }

    @Test func clipsTextAtTheImageBorder() {
        var image = RGBImage(width: 10, height: 5)
        image.drawText("1e-3", at: (-4, -3), color: .black)
        image.drawText("t0", at: (8, 3), color: .black)
        #expect(!inkedPixels(image).isEmpty)
    }
}
