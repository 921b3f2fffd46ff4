import Foundation
import Testing

@testable import Wearables

struct XMLTokenizerTests {
    /// Every event as text (`<Record type="…" …>`, `</Record>`), feeding `document` in `chunkSize` pieces.
    func events(_ document: String, chunkSize: Int = .max, tokenizer: inout XMLTokenizer) throws -> [String] {
        var events: [String] = []
        let record: (XMLEvent) -> Void = { event in
            switch event {
            case .startElement(let tag):
                let attributes = tag.attributes.map {
                    " \(String(decoding: tag.bytes[$0.name], as: UTF8.self))=\"\(String(decoding: tag.bytes[$0.value], as: UTF8.self))\""
                }
                events.append("<\(String(decoding: tag.nameBytes, as: UTF8.self))\(attributes.joined())>")
            case .endElement(let name):
                events.append("</\(String(decoding: name, as: UTF8.self))>")
            }
        }
        let bytes = Data(document.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + min(chunkSize, bytes.count))
            try tokenizer.feed(bytes.subdata(in: start..<end), record)
            start = end
        }
        try tokenizer.finish(record)
        return events
    }

    func events(_ document: String, chunkSize: Int = .max) throws -> [String] {
        var tokenizer = XMLTokenizer()
        return try events(document, chunkSize: chunkSize, tokenizer: &tokenizer)
    }

    let everyConstruct = """
        \u{FEFF}<?xml version="1.0" encoding="UTF-8"?>
        \(ExportFixtures.malformedDTD)
        <HealthData locale='de_DE'>
         <!-- a comment with <Record type="fake"/> inside -->
         <?processing instruction <Record/> ?>
         <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Jörg’s Apple Watch" device="\(ExportFixtures.watchDevice)"
            startDate="2026-03-02 08:00:00 +0100" value="61"  unit = "count/min"><MetadataEntry key="a&amp;b" value="x &gt; y &#x263A;&#65;"/>
         </Record>
         <![CDATA[ <Record type="inside CDATA"/> ]]>
         <Workout workoutActivityType="HKWorkoutActivityTypeRunning" note="a > b / c" empty=""/>
         text &amp; more text
        </HealthData>
        """

    @Test func reportsStartAndEndTagsWithDecodedAttributesAndSkipsEverythingElse() throws {
        let events = try events(everyConstruct)
        #expect(
            events == [
                "<HealthData locale=\"de_DE\">",
                "<Record type=\"HKQuantityTypeIdentifierHeartRate\" sourceName=\"Jörg’s Apple Watch\" device=\"<<HKDevice: 0x283ab1e50>, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:9.1>\" startDate=\"2026-03-02 08:00:00 +0100\" value=\"61\" unit=\"count/min\">",
                "<MetadataEntry key=\"a&b\" value=\"x > y ☺A\">",
                "</MetadataEntry>",
                "</Record>",
                "<Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" note=\"a > b / c\" empty=\"\">",
                "</Workout>",
                "</HealthData>",
            ])
    }

    @Test func tagsSplitAcrossEveryChunkBoundaryGiveTheSameEvents() throws {
        let whole = try events(everyConstruct)
        for chunkSize in [1, 2, 3, 5, 7, 13, 64, 1000] {
            #expect(try events(everyConstruct, chunkSize: chunkSize) == whole, "chunks of \(chunkSize) bytes")
        }
    }

    @Test func aDoctypeWithoutItsClosingBracketEndsAtTheHealthDataTag() throws {
        let document = """
            <!DOCTYPE HealthData [
            <!ATTLIST ExportDate
              value CDATA #REQUIRED
            <!ELEMENT Me EMPTY>
            <HealthData locale="en_US"><Me/></HealthData>
            """
        for chunkSize in [1, 4, .max] {
            #expect(try events(document, chunkSize: chunkSize) == ["<HealthData locale=\"en_US\">", "<Me>", "</Me>", "</HealthData>"])
        }
    }

    @Test func entityBombsAndExternalEntitiesAreNeverExpandedButCounted() throws {
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE HealthData [
             <!ENTITY lol "lol">
             <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
             <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
             <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
             <!ENTITY xxe SYSTEM "file:///etc/passwd">
            ]>
            <HealthData><Record value="&lol9;" sourceName="&xxe;" note="AT&amp;T &amp T"/></HealthData>
            """
        var tokenizer = XMLTokenizer()
        let events = try events(document, tokenizer: &tokenizer)
        #expect(events[1] == "<Record value=\"&lol9;\" sourceName=\"&xxe;\" note=\"AT&T &amp T\">")
        #expect(tokenizer.unknownEntityReferences == 3)
    }

    @Test func controlCharactersAndInvalidUTF8InAttributesAreReplaced() throws {
        var bytes = Data("<HealthData><Record sourceName=\"a\u{01}b\tc\nd&#2;e\" bad=\"".utf8)
        bytes.append(contentsOf: [0x66, 0xFF, 0xC3, 0x67])
        bytes.append(contentsOf: Data("\"/></HealthData>".utf8))
        var tokenizer = XMLTokenizer()
        var tags: [XMLStartTag] = []
        try tokenizer.feed(bytes) { if case .startElement(let tag) = $0 { tags.append(tag) } }
        try tokenizer.finish { _ in }
        #expect(tags[1].string(Array("sourceName".utf8)) == "a\u{FFFD}b c d\u{FFFD}e")
        #expect(tags[1].string(Array("bad".utf8)) == "f\u{FFFD}\u{FFFD}g")
        #expect(tokenizer.replacedControlCharacters == 2)
    }

    @Test func referencesAndControlCharactersAreFoundAtEveryPositionOfALongValue() throws {
        for position in 0..<20 {
            for (special, decoded) in [("&amp;", "&"), ("\u{1}", "\u{FFFD}"), ("\n", " ")] {
                let value = String(repeating: "a", count: position) + special + String(repeating: "b", count: 20 - position)
                let expected = String(repeating: "a", count: position) + decoded + String(repeating: "b", count: 20 - position)
                #expect(try events("<r v=\"\(value)\"/>") == ["<r v=\"\(expected)\">", "</r>"], "at \(position)")
            }
        }
    }

    @Test func aTagPastTheCapThrowsAndATruncatedDocumentSaysWhere() {
        let long = "<HealthData><Record value=\"\(String(repeating: "9", count: 5000))\"/></HealthData>"
        var capped = XMLTokenizer(maximumMarkupBytes: 1024)
        #expect(throws: XMLTokenizer.Failure.markupTooLong(limit: 1024, offset: 12)) {
            for byte in Data(long.utf8) { try capped.feed(Data([byte])) { _ in } }
        }
        #expect(throws: XMLTokenizer.Failure.unexpectedEnd(inside: "a tag")) {
            _ = try events("<HealthData><Record value=\"7")
        }
        #expect(throws: XMLTokenizer.Failure.unexpectedEnd(inside: "a comment")) {
            _ = try events("<HealthData><!-- never closed")
        }
    }
}
