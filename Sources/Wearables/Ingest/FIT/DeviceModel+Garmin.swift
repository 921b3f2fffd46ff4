extension DeviceModel {
    /// A Garmin device from the `product` field of a FIT `file_id` message (manufacturer 1).
    ///
    /// The table holds common Garmin product ids with their FIT profile names, checked against
    /// python-fitparse's profile by scripts/check_fit_fixtures.py; regional variants (`fenix3_china`, …) and
    /// products released after that profile are named "Garmin product N". Garmin does not number product
    /// generations, so `generation` is nil.
    public static func garmin(product: Int) -> DeviceModel {
        DeviceModel(
            family: .garmin, identifier: "garmin:\(product)",
            name: garminProducts[product].map { "Garmin \($0.name)" } ?? "Garmin product \(product)", generation: nil)
    }

    /// Product id: (FIT profile name, product name).
    static let garminProducts: [Int: (profileName: String, name: String)] = [
        988: ("fr60", "Forerunner 60"),
        1328: ("fr910xt", "Forerunner 910XT"),
        1345: ("fr610", "Forerunner 610"),
        1551: ("fenix", "fenix"),
        1623: ("fr620", "Forerunner 620"),
        1632: ("fr220", "Forerunner 220"),
        1765: ("fr920xt", "Forerunner 920XT"),
        1837: ("vivo_fit", "vivofit"),
        1885: ("vivo_ki", "vivoki"),
        1907: ("vivo_active", "vivoactive"),
        1956: ("vivo_smart", "vivosmart"),
        1967: ("fenix2", "fenix 2"),
        2050: ("fenix3", "fenix 3"),
        2148: ("fr25", "Forerunner 25"),
        2150: ("vivo_fit2", "vivofit 2"),
        2153: ("fr225", "Forerunner 225"),
        2156: ("fr630", "Forerunner 630"),
        2157: ("fr230", "Forerunner 230"),
        2337: ("vivo_active_hr", "vivoactive HR"),
        2347: ("vivo_smart_gps_hr", "vivosmart HR+"),
        2348: ("vivo_smart_hr", "vivosmart HR"),
        2368: ("vivo_move", "vivomove"),
        2406: ("vivo_fit3", "vivofit 3"),
        2413: ("fenix3_hr", "fenix 3 HR"),
        2431: ("fr235", "Forerunner 235"),
        2432: ("fenix3_chronos", "fenix Chronos"),
        2544: ("fenix5s", "fenix 5S"),
        2604: ("fenix5x", "fenix 5X"),
        2606: ("vivo_fit_jr", "vivofit jr."),
        2691: ("fr935", "Forerunner 935"),
        2697: ("fenix5", "fenix 5"),
    ]
}
