import Hummingbird
import Store

/// `/api/v1/users`: the cohort's users, their metadata, labels and weeks.
struct UserController {
    let database: AppDatabase

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: list)
        group.get("{id}", use: get)
        group.get("{id}/weeks", use: weeks)
    }

    /// Users filtered by split, device, generation, source and labels; paginated.
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> PageResponse<UserResponse> {
        let query = QueryReader(request)
        let page = try await database.users(matching: try query.cohortFilter(forWeeks: false), page: try query.page())
        return PageResponse(page, transform: UserResponse.init)
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> UserResponse {
        UserResponse(try await database.user(id: try requireID("id", in: context)))
    }

    /// All weeks of one user, oldest first (not paginated: a user has tens of weeks, not thousands).
    @Sendable func weeks(request: Request, context: AppRequestContext) async throws -> WeekListResponse {
        let weeks = try await database.weeks(ofUser: try requireID("id", in: context))
        return WeekListResponse(items: weeks.map(WeekSummaryResponse.init))
    }
}

struct WeekListResponse: ResponseEncodable, Sendable {
    let items: [WeekSummaryResponse]
}
