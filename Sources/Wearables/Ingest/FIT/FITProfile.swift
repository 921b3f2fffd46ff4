/// Names from the FIT profile for the messages and file types this reader reports (checked against
/// python-fitparse's profile by scripts/check_fit_fixtures.py). Numbers outside these tables are reported
/// as `global_N` and `file_type_N`.
enum FITProfile {
    static let messageNames: [UInt16: String] = [
        0: "file_id",
        1: "capabilities",
        2: "device_settings",
        3: "user_profile",
        4: "hrm_profile",
        5: "sdm_profile",
        6: "bike_profile",
        7: "zones_target",
        8: "hr_zone",
        9: "power_zone",
        10: "met_zone",
        12: "sport",
        15: "goal",
        18: "session",
        19: "lap",
        20: "record",
        21: "event",
        23: "device_info",
        26: "workout",
        27: "workout_step",
        30: "weight_scale",
        31: "course",
        32: "course_point",
        33: "totals",
        34: "activity",
        35: "software",
        37: "file_capabilities",
        49: "file_creator",
        51: "blood_pressure",
        55: "monitoring",
        78: "hrv",
        103: "monitoring_info",
        206: "field_description",
        207: "developer_data_id",
    ]

    static let fileTypeNames: [Int: String] = [
        1: "device",
        2: "settings",
        3: "sport",
        4: "activity",
        5: "workout",
        6: "course",
        7: "schedules",
        9: "weight",
        10: "totals",
        11: "goals",
        14: "blood_pressure",
        15: "monitoring_a",
        20: "activity_summary",
        28: "monitoring_daily",
        32: "monitoring_b",
        34: "segment",
        35: "segment_list",
    ]

    static func messageName(_ globalNumber: UInt16) -> String {
        messageNames[globalNumber] ?? "global_\(globalNumber)"
    }

    static func fileTypeName(_ type: Int) -> String {
        fileTypeNames[type] ?? "file_type_\(type)"
    }
}
