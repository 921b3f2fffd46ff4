import Foundation
import Hummingbird
import Inspection
import Store
import Wearables

/// Synthetic targets built from a week's own inputs: per week, and per split as a table users can train on.
struct SyntheticController {
    let services: InspectionServices

    /// Weeks a split table lists at most.
    static let maximumWeeks = 20_000

    func addRoutes(weeks: RouterGroup<AppRequestContext>, synthetic: RouterGroup<AppRequestContext>) {
        weeks.get("{id}/synthetic", use: week)
        synthetic.get(use: tasks)
        synthetic.get("{task}", use: split)
    }

    struct TaskValue: Encodable, Sendable {
        var task: String
        var value: Double?
        var reason: String?
        var unit: String
        var binsUsed: Int
    }

    struct WeekResponse: Encodable, Sendable {
        var weekId: Int64
        var options: SyntheticTaskOptions
        var targets: [TaskValue]
    }

    struct TaskDescription: Encodable, Sendable {
        var task: String
        var unit: String
        var description: String
    }

    /// `GET /api/v1/synthetic`: the built-in tasks.
    @Sendable func tasks(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<[TaskDescription]> {
        SnakeCaseJSON(SyntheticTask.allCases.map { TaskDescription(task: $0.rawValue, unit: $0.unit, description: $0.description) })
    }

    /// `GET /api/v1/weeks/{id}/synthetic?day=8-20&night=0-6`: every task's value for one week.
    @Sendable func week(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<WeekResponse> {
        let options = try Self.options(QueryReader(request))
        let week = try await services.database.week(id: requireID("id", in: context))
        let input = Self.syntheticWeek(week)
        let targets = SyntheticTask.allCases.map { task in
            let value = SyntheticTargets.value(task, week: input, options: options)
            return TaskValue(task: task.rawValue, value: value.value, reason: value.reason, unit: value.unit, binsUsed: value.binsUsed)
        }
        return SnakeCaseJSON(WeekResponse(weekId: week.summary.id, options: options, targets: targets))
    }

    struct SplitRow: Encodable, Sendable {
        var weekId: Int64
        var userId: Int64
        var value: Double?
        var reason: String?
    }

    struct SplitResponse: Encodable, Sendable {
        var task: String
        var unit: String
        var split: String
        var options: SyntheticTaskOptions
        var weeks: Int
        var weeksWithoutValue: Int
        var rows: [SplitRow]
    }

    /// `GET /api/v1/synthetic/{task}?split=tuning` (JSON, or `format=csv`): the task's value for every week
    /// of a split; a week without enough data has no value and says why.
    @Sendable func split(request: Request, context: AppRequestContext) async throws -> Response {
        let reader = QueryReader(request)
        let task = try Self.task(context.parameters.get("task") ?? "")
        let split = try reader.choice("split", as: CohortSplit.self) ?? .tuning
        let options = try Self.options(reader)
        let ids = try await services.weekIDs(split: split)
        guard ids.count <= Self.maximumWeeks else {
            throw APIError(.unprocessableContent, code: "too_many_weeks", message: "the \(split.rawValue) split has \(ids.count) weeks; at most \(Self.maximumWeeks) per request")
        }
        var rows: [SplitRow] = []
        for id in ids {
            let week = try await services.database.week(id: id)
            let value = SyntheticTargets.value(task, week: Self.syntheticWeek(week), options: options)
            rows.append(SplitRow(weekId: id, userId: week.summary.userID, value: value.value, reason: value.reason))
        }
        if try reader.wantsCSV() {
            let table = rows.map { ["\($0.weekId)", "\($0.userId)", $0.value.map { "\($0)" } ?? "", $0.reason ?? ""] }
            return try CSVTable(header: ["week_id", "user_id", task.rawValue, "reason"], rows: table, filename: "\(task.rawValue)-\(split.rawValue).csv")
                .response(from: request, context: context)
        }
        let response = SplitResponse(
            task: task.rawValue, unit: task.unit, split: split.rawValue, options: options, weeks: rows.count,
            weeksWithoutValue: rows.filter { $0.value == nil }.count, rows: rows)
        return try SnakeCaseJSON(response).response(from: request, context: context)
    }

    static func syntheticWeek(_ week: StoredWeek) -> SyntheticWeek {
        SyntheticWeek(heartRate: week.series.heartRate, steps: week.series.steps, observed: week.series.observed, contextMasks: week.series.contextMasks)
    }

    static func task(_ name: String) throws -> SyntheticTask {
        guard let task = SyntheticTask(rawValue: name) else {
            throw APIError(
                .notFound, code: "unknown_task",
                message: "no synthetic task '\(name)'; tasks: \(SyntheticTask.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return task
    }

    /// `day=H-H` and `night=H-H` (local hours, may wrap midnight, e.g. `night=22-6`).
    static func options(_ reader: QueryReader) throws -> SyntheticTaskOptions {
        var options = SyntheticTaskOptions()
        for (name, keyPath) in [("day", \SyntheticTaskOptions.dayWindow), ("night", \SyntheticTaskOptions.nightWindow)] {
            guard let text = reader.string(name) else { continue }
            let parts = text.split(separator: "-").compactMap { Double($0) }
            guard parts.count == 2 else {
                throw APIError.invalidParameter(name, "'\(name)' must be START-END in local hours, e.g. 8-20 or 22-6; got '\(text)'")
            }
            options[keyPath: keyPath] = LocalHourWindow(startHour: parts[0], endHour: parts[1])
        }
        if let problem = options.invalidReason {
            throw APIError.invalidParameter("day", problem)
        }
        return options
    }
}
