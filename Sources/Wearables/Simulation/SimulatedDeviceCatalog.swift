/// The wearables handed out to the demo cohort, with the share of users wearing each.
///
/// Shares (they sum to 1): first-generation Apple Watch (`Watch1,1`, `Watch1,2`) 24 %, later Apple
/// Watches (`Watch2,x` … `Watch6,x`) 32 %, Fitbit 24 %, Garmin 20 %.
enum SimulatedDeviceCatalog {
    static let entries: [(device: DeviceModel, share: Double)] = [
        (.appleWatch(hardware: "Watch1,1"), 0.12),
        (.appleWatch(hardware: "Watch1,2"), 0.12),
        (.appleWatch(hardware: "Watch2,6"), 0.02),
        (.appleWatch(hardware: "Watch2,7"), 0.02),
        (.appleWatch(hardware: "Watch2,3"), 0.02),
        (.appleWatch(hardware: "Watch2,4"), 0.02),
        (.appleWatch(hardware: "Watch3,1"), 0.03),
        (.appleWatch(hardware: "Watch3,2"), 0.03),
        (.appleWatch(hardware: "Watch4,1"), 0.03),
        (.appleWatch(hardware: "Watch4,2"), 0.03),
        (.appleWatch(hardware: "Watch5,1"), 0.03),
        (.appleWatch(hardware: "Watch5,2"), 0.03),
        (.appleWatch(hardware: "Watch6,1"), 0.03),
        (.appleWatch(hardware: "Watch6,2"), 0.03),
        (fitbit("Charge 4", generation: 4), 0.07),
        (fitbit("Charge 3", generation: 3), 0.05),
        (fitbit("Versa 2", generation: 2), 0.05),
        (fitbit("Inspire 2", generation: 2), 0.04),
        (fitbit("Sense", generation: nil), 0.03),
        (garmin("Forerunner 245", generation: nil), 0.06),
        (garmin("fenix 5", generation: 5), 0.05),
        (garmin("vivoactive 4", generation: 4), 0.05),
        (garmin("Venu", generation: nil), 0.04),
    ]

    static let shares: [Double] = entries.map(\.share)

    static func sample(using generator: inout SeededRandomNumberGenerator) -> DeviceModel {
        entries[generator.index(weightedBy: shares)].device
    }

    private static func fitbit(_ product: String, generation: Int?) -> DeviceModel {
        DeviceModel(family: .fitbit, identifier: product, name: "Fitbit \(product)", generation: generation)
    }

    private static func garmin(_ product: String, generation: Int?) -> DeviceModel {
        DeviceModel(family: .garmin, identifier: product, name: "Garmin \(product)", generation: generation)
    }
}
