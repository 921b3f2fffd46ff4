import Hummingbird
import Store

/// A page of a listing: `items`, the `total` that match, and where the next page starts.
struct PageResponse<Item: Encodable & Sendable>: ResponseEncodable, Sendable {
    let items: [Item]
    let total: Int
    let limit: Int
    let offset: Int
    let nextOffset: Int?

    init<Stored>(_ page: Page<Stored>, transform: (Stored) -> Item) {
        self.items = page.items.map(transform)
        self.total = page.total
        self.limit = page.request.limit
        self.offset = page.request.offset
        self.nextOffset = page.nextOffset
    }

    enum CodingKeys: String, CodingKey {
        case items, total, limit, offset
        case nextOffset = "next_offset"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(total, forKey: .total)
        try container.encode(limit, forKey: .limit)
        try container.encode(offset, forKey: .offset)
        // Always present, null on the last page.
        try container.encode(nextOffset, forKey: .nextOffset)
    }
}
