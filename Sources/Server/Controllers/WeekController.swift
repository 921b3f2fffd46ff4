import Foundation
import Hummingbird
import Store
import Wearables

/// `/api/v1/weeks`: user-weeks and their 4,096-bin series.
struct WeekController {
    let database: AppDatabase

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: list)
        group.get("{id}", use: get)
    }

    /// Weeks filtered by split, user, device, generation, source, labels and minimum coverage; paginated.
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> PageResponse<WeekSummaryResponse> {
        let query = QueryReader(request)
        let page = try await database.weeks(matching: try query.cohortFilter(forWeeks: true), page: try query.page())
        return PageResponse(page, transform: WeekSummaryResponse.init)
    }

    /// One week with its series as JSON, or as CSV with one row per bin (`?format=csv`).
    @Sendable func get(request: Request, context: AppRequestContext) async throws -> Response {
        let wantsCSV = try QueryReader(request).wantsCSV()
        let week = try await database.week(id: try requireID("id", in: context))
        if wantsCSV {
            return try csv(week).response(from: request, context: context)
        }
        return try WeekDetailResponse(week).response(from: request, context: context)
    }

    /// Columns: bin, UTC time (ISO 8601), local time, heart_rate (empty where unobserved), steps,
    /// observed, then one 0/1 column per context mask.
    func csv(_ week: StoredWeek) -> CSVTable {
        let series = week.series
        let maskNames = series.contextMasks.keys.sorted()
        let utc = ISO8601DateFormatter()
        let local = ISO8601DateFormatter()
        local.timeZone = TimeZone(secondsFromGMT: series.utcOffsetSeconds)
        var rows: [[String]] = []
        rows.reserveCapacity(series.heartRate.count)
        for bin in 0..<series.heartRate.count {
            let time = Date(timeIntervalSince1970: series.utcTimestamp(ofBin: bin))
            var row = [
                String(bin), utc.string(from: time), local.string(from: time),
                series.observed[bin] > 0 ? String(series.heartRate[bin]) : "",
                Self.number(series.steps[bin]), series.observed[bin] > 0 ? "1" : "0",
            ]
            for name in maskNames {
                row.append(series.contextMasks[name]?[bin] == true ? "1" : "0")
            }
            rows.append(row)
        }
        return CSVTable(
            header: ["bin", "time_utc", "time_local", "heart_rate", "steps", "observed"] + maskNames,
            rows: rows, filename: "week-\(week.summary.id).csv")
    }

    /// Whole numbers without a trailing ".0" (step counts), others as Swift's shortest round-trip text.
    static func number(_ value: Float) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}
