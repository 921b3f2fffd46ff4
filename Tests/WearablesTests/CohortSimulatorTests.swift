import Foundation
import Testing

@testable import Wearables

struct CohortSimulatorTests {
    // MARK: Helpers

    /// What an analysis of one simulated user's exported weeks would measure; only observed bins count.
    private struct UserWeekStatistics: Sendable {
        let user: SimulatedUser
        /// Mean over weeks of the SD of heart rate in `asleep` bins, bpm.
        let nightHeartRateSD: Double?
        /// Mean over weeks of the SD of heart rate in awake bins between 08:00 and 20:00, bpm.
        let daytimeHeartRateSD: Double?
        /// Mean heart rate in `asleep` bins, bpm.
        let sleepingHeartRate: Double?
        /// Mean over workouts of heart rate 3 bins (7.4 min) after the workout ends minus the week's median
        /// awake, non-workout heart rate, bpm; nil when no workout end had an observed awake bin there.
        let recoveryExcess: Double?
        let coverages: [Double]
        /// Observed bins asleep, mean per week.
        let observedSleepBins: Double
    }

    /// 300 users × 2 weeks of the default cohort, summarised once for all the statistical tests.
    private static let cohort: [UserWeekStatistics] = {
        let simulator = CohortSimulator(userCount: 300)
        return simulator.users.map { summarize($0, weeks: simulator.weeks(of: $0)) }
    }()

    private static let recoveryLagBins = 3

    private static func summarize(_ user: SimulatedUser, weeks: [WeekSeries]) -> UserWeekStatistics {
        var nightSDs: [Double] = []
        var daySDs: [Double] = []
        var sleeping: [Double] = []
        var excesses: [Double] = []
        var observedSleepBins = 0
        for week in weeks {
            let noMask = [Bool](repeating: false, count: WeekGrid.binCount)
            let asleep = week.contextMasks["asleep"] ?? noMask
            let workout = week.contextMasks["workout"] ?? noMask
            var night: [Double] = []
            var day: [Double] = []
            var awakeAtRest: [Double] = []
            for bin in 0..<WeekGrid.binCount where week.observed[bin] > 0 {
                let rate = Double(week.heartRate[bin])
                if asleep[bin] {
                    night.append(rate)
                    continue
                }
                let hour = WeekGrid.localHour(ofBin: bin)
                if hour >= 8, hour < 20 { day.append(rate) }
                if !workout[bin] { awakeAtRest.append(rate) }
            }
            observedSleepBins += night.count
            if let sd = SampleStatistics.standardDeviation(night) { nightSDs.append(sd) }
            if let sd = SampleStatistics.standardDeviation(day) { daySDs.append(sd) }
            sleeping += night
            let baseline = median(awakeAtRest)
            for end in 1..<(WeekGrid.binCount - recoveryLagBins) where workout[end - 1] && !workout[end] {
                let probe = end + recoveryLagBins
                guard let baseline, week.observed[probe] > 0, !asleep[probe], !workout[probe] else {
                    continue
                }
                excesses.append(Double(week.heartRate[probe]) - baseline)
            }
        }
        return UserWeekStatistics(
            user: user, nightHeartRateSD: SampleStatistics.mean(nightSDs), daytimeHeartRateSD: SampleStatistics.mean(daySDs),
            sleepingHeartRate: SampleStatistics.mean(sleeping), recoveryExcess: SampleStatistics.mean(excesses),
            coverages: weeks.map(\.coverage), observedSleepBins: Double(observedSleepBins) / Double(max(1, weeks.count)))
    }

    private static func median(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.sorted()[values.count / 2]
    }

    /// Mean of `measure` over users with `label` = 1 and = 0, skipping users where it is nil.
    private static func groupMeans(
        by label: String, _ measure: (UserWeekStatistics) -> Double?
    ) -> (positive: Double, negative: Double) {
        let positive = cohort.filter { $0.user.profile.labels[label] == 1 }.compactMap(measure)
        let negative = cohort.filter { $0.user.profile.labels[label] == 0 }.compactMap(measure)
        return (SampleStatistics.mean(positive) ?? .nan, SampleStatistics.mean(negative) ?? .nan)
    }

    /// The channels and masks of a week as raw bit patterns, so equality means bitwise identity.
    private static func bitPatterns(of week: WeekSeries) -> [[UInt32]] {
        let channels = [week.heartRate, week.steps, week.observed].map { $0.map(\.bitPattern) }
        let masks = week.contextMasks.keys.sorted().map { name in
            (week.contextMasks[name] ?? []).map { UInt32($0 ? 1 : 0) }
        }
        return channels + masks
    }

    private static func expectIdentical(_ first: [WeekSeries], _ second: [WeekSeries]) {
        #expect(first.count == second.count)
        for (a, b) in zip(first, second) {
            #expect(a.start == b.start && a.utcOffsetSeconds == b.utcOffsetSeconds)
            #expect(a.contextMasks.keys.sorted() == b.contextMasks.keys.sorted())
            #expect(bitPatterns(of: a) == bitPatterns(of: b))
        }
    }

    // MARK: Determinism

    @Test func sameSeedGivesIdenticalUsersAndBitwiseIdenticalWeeks() {
        let first = CohortSimulator(seed: 42, userCount: 50)
        let second = CohortSimulator(seed: 42, userCount: 50)
        for index in [0, 7, 23, 49] {
            let a = first.user(at: index)
            let b = second.user(at: index)
            #expect(a == b)
            Self.expectIdentical(first.weeks(of: a), second.weeks(of: b))
        }
    }

    @Test func differentSeedGivesDifferentUsersAndWeeks() {
        let first = CohortSimulator(seed: 42)
        let second = CohortSimulator(seed: 43)
        for index in [0, 7, 23] {
            let a = first.user(at: index)
            let b = second.user(at: index)
            #expect(a.profile.externalID == b.profile.externalID)
            #expect(a.traits != b.traits)
            let firstWeek = first.weeks(of: a)[0]
            let secondWeek = second.weeks(of: b)[0]
            #expect(Self.bitPatterns(of: firstWeek) != Self.bitPatterns(of: secondWeek))
        }
    }

    @Test func userIsTheSameWhetherOrNotOtherUsersWereGeneratedFirst() {
        let warmed = CohortSimulator(userCount: 40)
        for user in warmed.users.prefix(30) { _ = warmed.weeks(of: user) }
        let warmedUser = warmed.user(at: 31)
        let fresh = CohortSimulator(userCount: 1_000)
        let freshUser = fresh.user(at: 31)
        #expect(warmedUser == freshUser)
        Self.expectIdentical(warmed.weeks(of: warmedUser), fresh.weeks(of: freshUser))
    }

    @Test func laterWeeksDoNotChangeEarlierOnes() {
        let short = CohortSimulator(weeksPerUser: 1)
        let long = CohortSimulator(weeksPerUser: 3)
        let user = short.user(at: 5)
        Self.expectIdentical(short.weeks(of: user), Array(long.weeks(of: user).prefix(1)))
    }

    // MARK: Profiles

    @Test func profilesCarryDemoIdsSimulatedSourceAndAllLabels() {
        let users = CohortSimulator(userCount: 12).users
        #expect(users.first?.profile.externalID == "demo-0001")
        #expect(users.last?.profile.externalID == "demo-0012")
        for user in users {
            #expect(user.profile.source == .simulated)
            let names: Set = ["sleep_apnea", "hypertension", "diabetes", "systolic_bp"]
            #expect(Set(user.profile.labels.keys) == names)
            for label in ["sleep_apnea", "hypertension", "diabetes"] {
                #expect(user.profile.labels[label] == 0 || user.profile.labels[label] == 1)
            }
            #expect((80...220).contains(user.profile.labels["systolic_bp"] ?? 0))
            #expect(user.profile.birthYear == 2026 - user.age)
        }
    }

    @Test func metadataFollowsTheDocumentedDistributions() {
        let users = Self.cohort.map(\.user)
        let count = Double(users.count)
        #expect(users.allSatisfy { (20...80).contains($0.age) })
        let maleShare = Double(users.filter { $0.profile.sex == .male }.count) / count
        #expect((0.40...0.60).contains(maleShare), "male share \(maleShare)")
        let firstGenerationShare =
            Double(users.filter { $0.profile.device.isFirstGenerationAppleWatch }.count) / count
        #expect((0.18...0.30).contains(firstGenerationShare), "first generation \(firstGenerationShare)")
        #expect(Set(users.map(\.profile.device.family)) == [.appleWatch, .fitbit, .garmin])
        #expect(Set(users.map(\.utcOffsetSeconds)).isSubset(of: [-28_800, -18_000, 0, 3_600, 7_200]))
    }

    @Test func traitsRoundTripThroughJSON() throws {
        let traits = CohortSimulator().user(at: 3).traits
        let decoded = try JSONDecoder().decode(PhysiologyTraits.self, from: JSONEncoder().encode(traits))
        #expect(decoded == traits)
    }

    // MARK: Week invariants

    @Test func weeksSatisfyTheWeekSeriesInvariants() throws {
        let simulator = CohortSimulator(userCount: 20, weeksPerUser: 3)
        for user in simulator.users {
            let weeks = simulator.weeks(of: user)
            #expect(weeks.count == 3)
            for (offset, week) in weeks.enumerated() {
                #expect(week.start == LocalDate(year: 2026, month: 3, day: 2).adding(days: 7 * offset))
                #expect(week.start.isMonday)
                #expect(week.utcOffsetSeconds == user.utcOffsetSeconds)
                #expect(week.heartRate.count == WeekGrid.binCount)
                #expect(week.steps.count == WeekGrid.binCount)
                #expect(week.observed.count == WeekGrid.binCount)
                let asleep = try #require(week.contextMasks["asleep"])
                let workout = try #require(week.contextMasks["workout"])
                #expect(asleep.count == WeekGrid.binCount && workout.count == WeekGrid.binCount)
                let bins = 0..<WeekGrid.binCount
                let badObserved = bins.filter { week.observed[$0] != 0 && week.observed[$0] != 1 }
                let badHeartRate = bins.filter { bin in
                    let rate = week.heartRate[bin]
                    return week.observed[bin] == 1 ? !(30...220).contains(rate) : rate != 0
                }
                let badSteps = bins.filter { bin in
                    week.steps[bin] < 0 || week.steps[bin].rounded() != week.steps[bin]
                }
                let stepsAsleep = bins.filter { asleep[$0] && week.steps[$0] != 0 }
                let workoutAsleep = bins.filter { asleep[$0] && workout[$0] }
                let unobservedWorkout = bins.filter { workout[$0] && week.observed[$0] != 1 }
                #expect(badObserved.isEmpty, "observed neither 0 nor 1 in bins \(badObserved.prefix(5))")
                #expect(badHeartRate.isEmpty, "heart rate out of range in bins \(badHeartRate.prefix(5))")
                #expect(badSteps.isEmpty, "negative or fractional steps in bins \(badSteps.prefix(5))")
                #expect(stepsAsleep.isEmpty, "steps while asleep in bins \(stepsAsleep.prefix(5))")
                #expect(workoutAsleep.isEmpty, "workout while asleep in bins \(workoutAsleep.prefix(5))")
                #expect(unobservedWorkout.isEmpty, "unobserved workout bins \(unobservedWorkout.prefix(5))")
            }
        }
    }

    @Test func aNonMondayFirstDayMovesBackToItsMonday() {
        let simulator = CohortSimulator(firstMonday: LocalDate(year: 2026, month: 3, day: 5))
        #expect(simulator.firstMonday == LocalDate(year: 2026, month: 3, day: 2))
        let starts = simulator.weeks(of: simulator.user(at: 0)).map(\.start)
        #expect(starts.allSatisfy { $0.isMonday })
    }

    // MARK: The generative model is recoverable

    @Test func labelPrevalencesStayWithinTheDocumentedRange() {
        for label in ["sleep_apnea", "hypertension", "diabetes"] {
            let positives = Self.cohort.filter { $0.user.profile.labels[label] == 1 }.count
            let prevalence = Double(positives) / Double(Self.cohort.count)
            #expect((0.15...0.35).contains(prevalence), "\(label) prevalence \(prevalence)")
        }
    }

    /// Age enters every latent and every label model with a positive coefficient; observed gaps are
    /// 11–15 years (SE ≈ 2), so 5 years leaves a wide margin.
    @Test func labelPositivesAreOlderAsTheModelsSay() {
        for label in ["sleep_apnea", "hypertension", "diabetes"] {
            let age = Self.groupMeans(by: label) { Double($0.user.age) }
            #expect(age.positive - age.negative > 5, "\(label): mean age \(age.positive) vs \(age.negative)")
        }
    }

    /// Observed: night-time SD 5.4 vs 3.4 bpm (SE of the gap ≈ 0.35), so a bound of 1 bpm sits 3 SE
    /// below it; the synthetic task std(day) − std(night) is 2.7 vs 5.5 bpm (SE ≈ 0.5). With the apnea
    /// surges switched off both gaps vanish (−0.1 and 0.8 bpm).
    @Test func apneaPositivesHaveMoreVariableNightTimeHeartRate() {
        let night = Self.groupMeans(by: "sleep_apnea", \.nightHeartRateSD)
        #expect(night.positive - night.negative > 1, "night HR SD \(night.positive) vs \(night.negative)")
        let task = Self.groupMeans(by: "sleep_apnea") { statistics in
            statistics.daytimeHeartRateSD.flatMap { day in statistics.nightHeartRateSD.map { day - $0 } }
        }
        #expect(task.negative - task.positive > 1, "day − night HR SD \(task.positive) vs \(task.negative)")
    }

    /// Observed: 61.6 vs 56.6 bpm asleep (SE of the gap ≈ 1.0). Age and BMI alone, which raise both
    /// blood pressure and resting heart rate, leave a gap of 1.9 bpm when the hypertension offset is
    /// switched off, so the bound of 3 bpm needs the offset.
    @Test func hypertensionPositivesHaveHigherSleepingHeartRate() {
        let sleeping = Self.groupMeans(by: "hypertension", \.sleepingHeartRate)
        #expect(
            sleeping.positive - sleeping.negative > 3,
            "sleeping HR \(sleeping.positive) vs \(sleeping.negative)")
    }

    /// Observed: 17.7 vs 6.8 bpm above baseline 7.4 min after a workout (SE of the gap ≈ 1.5); with one
    /// time constant for everyone the gap is 0.1 bpm.
    @Test func diabetesPositivesRecoverMoreSlowlyAfterWorkouts() {
        let excess = Self.groupMeans(by: "diabetes", \.recoveryExcess)
        #expect(
            excess.positive - excess.negative > 5,
            "HR excess after workouts \(excess.positive) vs \(excess.negative)")
    }

    /// Observed mean coverage: first-generation Apple Watch 0.57, later Apple Watch 0.64, Fitbit and
    /// Garmin 0.89; about 5 % of weeks fall below `WeekSeries.minimumCoverage`.
    @Test func firstGenerationAppleWatchWeeksHaveLowerCoverage() {
        func meanCoverage(_ include: (DeviceModel) -> Bool) -> Double {
            SampleStatistics.mean(Self.cohort.filter { include($0.user.profile.device) }.flatMap(\.coverages)) ?? .nan
        }
        let firstGeneration = meanCoverage(\.isFirstGenerationAppleWatch)
        let laterAppleWatch = meanCoverage { $0.family == .appleWatch && !$0.isFirstGenerationAppleWatch }
        let others = meanCoverage { $0.family != .appleWatch }
        #expect(laterAppleWatch - firstGeneration > 0.05, "coverage \(firstGeneration) vs \(laterAppleWatch)")
        #expect(others - laterAppleWatch > 0.1, "coverage \(laterAppleWatch) vs \(others)")
        let coverages = Self.cohort.flatMap(\.coverages)
        let lowWeeks = coverages.filter { $0 < WeekSeries.minimumCoverage }.count
        let lowShare = Double(lowWeeks) / Double(coverages.count)
        #expect((0.02...0.10).contains(lowShare), "low-coverage share \(lowShare)")
    }

    /// First-generation Apple Watches charge overnight on 9 nights in 10, so their weeks keep about a
    /// tenth of the sleep the other devices record (observed: about 100 against 1,000 bins a week).
    @Test func firstGenerationAppleWatchesMissMostNights() {
        func meanSleepBins(_ include: (DeviceModel) -> Bool) -> Double {
            SampleStatistics.mean(Self.cohort.filter { include($0.user.profile.device) }.map(\.observedSleepBins)) ?? .nan
        }
        let firstGeneration = meanSleepBins(\.isFirstGenerationAppleWatch)
        let others = meanSleepBins { !$0.isFirstGenerationAppleWatch }
        #expect(others > 500, "observed sleep bins a week, other devices: \(others)")
        #expect(firstGeneration < 0.25 * others, "observed sleep bins a week: \(firstGeneration) vs \(others)")
    }

    // MARK: Split

    @Test func splitIsStableAndRoughlySeventyFifteenFifteen() {
        let users = Self.cohort.map(\.user)
        let again = CohortSimulator(seed: 7, userCount: 300).users
        #expect(zip(users, again).allSatisfy { $0.profile.split == $1.profile.split })
        #expect(users[0].profile.split == .train)  // demo-0001 falls in FNV-1a bucket < 70
        let count = Double(users.count)
        let share = { (split: CohortSplit) in
            Double(users.filter { $0.profile.split == split }.count) / count
        }
        #expect((0.62...0.78).contains(share(.train)), "train \(share(.train))")
        #expect((0.09...0.21).contains(share(.tuning)), "tuning \(share(.tuning))")
        #expect((0.09...0.21).contains(share(.test)), "test \(share(.test))")
    }
}
