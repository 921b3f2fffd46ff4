import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Server

/// The viewer under real input in headless Chromium (driven over the DevTools protocol): hovering a
/// heatmap, zooming to a day, dragging t0 on the gradient plot, and dropping a watch export on the upload
/// zone, against a live server with the demo models.
@Suite(.serialized)
struct ViewerInteractionTests {
    /// Runs the blocking browser session on a thread of its own, off Swift's cooperative pool (which the
    /// live server needs meanwhile).
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    @Test func hoverZoomAndDraggingT0ChangeWhatTheChartsShow() async throws {
        let server = try await DemoModelServer.shared()
        let weekID = server.tuningWeekIDs[2]
        let userID = try await server.database.week(id: weekID).summary.userID
        let model = server.id("deepheart-long-memory")
        let token = try #require(server.tokens[.read])
        try await ViewerBrowserTests.liveApplication(server).test(.live) { client in
            let port = try #require(client.port)
            let url = "http://127.0.0.1:\(port)/?token=\(token)#user=\(userID)&week=\(weekID)&model=\(model)"
            let observed = try await Self.offPool { () throws -> [String: String] in
                let browser = try ChromiumDevTools()
                try browser.openPage()
                try browser.navigate(url)
                try browser.waitFor("document.querySelector('#heatmap')?.dataset.rendered")
                try browser.waitFor("document.querySelector('#gradient')?.dataset.centreBin")
                var seen: [String: String] = [:]

                let hover = try browser.point(in: "#heatmap", fx: 0.5, fy: 0.5)
                try browser.mouse("mouseMoved", x: hover.x, y: hover.y)
                seen["hover"] = try browser.evaluate("document.querySelector('#hover-readout').textContent") as? String

                try browser.evaluate("document.querySelector('#zoom button[data-day=\"1\"]').click()")
                seen["week bins after zoom"] = try browser.evaluate("document.querySelector('#week-canvas').dataset.rendered") as? String
                try browser.evaluate("document.querySelector('#zoom button[data-day=\"all\"]').click()")

                let before = try browser.evaluate("document.querySelector('#gradient').dataset.centreBin") as? String
                seen["centre before"] = before
                let from = try browser.point(in: "#gradient", fx: 0.5, fy: 0.5)
                let to = try browser.point(in: "#gradient", fx: 0.3, fy: 0.5)
                try browser.mouse("mousePressed", x: from.x, y: from.y, button: "left", clicks: 1)
                try browser.mouse("mouseMoved", x: to.x, y: to.y, button: "left")
                try browser.mouse("mouseReleased", x: to.x, y: to.y, button: "left", clicks: 1)
                try browser.waitFor("document.querySelector('#gradient').dataset.centreBin !== '\(before ?? "")'")
                seen["centre after"] = try browser.evaluate("document.querySelector('#gradient').dataset.centreBin") as? String
                seen["hash"] = try browser.evaluate("location.hash") as? String
                return seen
            }
            let hover = try #require(observed["hover"])
            #expect(hover.hasPrefix("unit ") && hover.contains(" · Thu ") && hover.contains("mean "), "hover names unit, time and value: \(hover)")
            #expect(observed["week bins after zoom"] == "585", "zooming to Tuesday draws that day's 585 bins")
            let before = try #require(observed["centre before"].flatMap { Int($0) })
            let after = try #require(observed["centre after"].flatMap { Int($0) })
            #expect(before > 1900 && after < before - 500, "dragging t0 to the left moves it back in the week: \(before) → \(after)")
            #expect(observed["hash"]?.contains("&t=") == true, "the new t0 is kept in the address")
        }
    }

    @Test func droppingAnExportOnTheUploadZoneShowsBothProgressBarsAndTheReport() async throws {
        let server = try TestServer(users: 3, weeksPerUser: 1)
        let token = try #require(server.tokens[.upload])
        let app = Application(router: try server.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let csv = UploadRouteTests.csv.replacingOccurrences(of: "\n", with: "\\n")
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let observed = try await Self.offPool { () throws -> [String: String] in
                let browser = try ChromiumDevTools()
                try browser.openPage()
                try browser.navigate("http://127.0.0.1:\(port)/?token=\(token)")
                try browser.waitFor("document.querySelector('#users tbody tr')")
                try browser.evaluate("""
                    (() => { document.querySelector('#upload-user').value = 'dropped-wearer';
                             const data = new DataTransfer();
                             data.items.add(new File(["\(csv)"], 'week.csv', {type: 'text/csv'}));
                             document.querySelector('#drop-zone').dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
                             return true; })()
                    """)
                try browser.waitFor("document.querySelector('#upload-report').textContent.includes('records read')")
                var seen: [String: String] = [:]
                seen["report"] = try browser.evaluate("document.querySelector('#upload-report').textContent") as? String
                seen["transfer"] = try browser.evaluate("String(document.querySelector('#transfer-bar').value)") as? String
                seen["ingest"] = try browser.evaluate("document.querySelector('#ingest-bar-text').textContent") as? String
                return seen
            }
            let report = try #require(observed["report"])
            #expect(report.contains("format csv") && report.contains("kept: heart_rate 4, steps 2"), "\(report)")
            #expect(report.contains("2026-03-02 created"))
            #expect(observed["transfer"] == "1" && observed["ingest"] == "ingested")
        }
        let user = try await server.database.user(externalID: "dropped-wearer")
        #expect(user.weekCount == 2)
    }
}
