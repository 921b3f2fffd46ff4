import Testing

@testable import Server

struct RGBImageTests {
    func painted(_ image: RGBImage, _ color: RGB) -> Set<[Int]> {
        Set((0..<image.height).flatMap { y in
            (0..<image.width).filter { image.pixel(x: $0, y: y) == color }.map { [$0, y] }
        })
    }

    @Test func ignoresPixelsOutsideTheImage() {
        var image = RGBImage(width: 4, height: 3)
        image.setPixel(x: -1, y: 0, color: .black)
        image.setPixel(x: 4, y: 2, color: .black)
        image.setPixel(x: 3, y: 2, color: .black)
        image.fillRectangle(PixelRect(x: -5, y: -5, width: 6, height: 6), color: .black)
        #expect(painted(image, .black) == [[3, 2], [0, 0]])
    }

    @Test func drawsGaplessLinesInEveryDirection() {
        for (start, end) in [((0, 0), (9, 3)), ((9, 3), (0, 0)), ((2, 9), (4, 0)), ((5, 5), (5, 5))] {
            var image = RGBImage(width: 10, height: 10)
            image.drawLine(from: start, to: end, color: .black)
            let pixels = painted(image, .black)
            #expect(pixels.contains([start.0, start.1]) && pixels.contains([end.0, end.1]))
            let along = max(abs(end.0 - start.0), abs(end.1 - start.1)) + 1
            #expect(pixels.count == along, "\(start)→\(end): \(pixels.count) pixels, expected \(along)")
        }
    }

    @Test func dashesHorizontalLinesFromTheLeftEnd() {
        var image = RGBImage(width: 12, height: 1)
        image.drawHorizontalLine(x0: 11, x1: 0, y: 0, color: .black, dash: (on: 3, off: 2))
        #expect(painted(image, .black) == Set([0, 1, 2, 5, 6, 7, 10, 11].map { [$0, 0] }))
    }

    @Test func blendsABandWithTheGivenOpacity() {
        var image = RGBImage(width: 6, height: 2)
        image.blendRectangle(PixelRect(x: 2, y: 0, width: 2, height: 2), color: .black, opacity: 0.5)
        image.blendRectangle(PixelRect(x: 0, y: 0, width: 1, height: 1), color: .black, opacity: 0)
        #expect(image.pixel(x: 2, y: 1) == RGB(128, 128, 128))
        #expect(image.pixel(x: 4, y: 1) == .white && image.pixel(x: 0, y: 0) == .white)
    }

    @Test func strokesOnlyTheOutlineOfARectangle() {
        var image = RGBImage(width: 5, height: 4)
        image.strokeRectangle(PixelRect(x: 0, y: 0, width: 5, height: 4), color: .black)
        #expect(painted(image, .black).count == 14)
        #expect(image.pixel(x: 2, y: 2) == .white)
    }
}
