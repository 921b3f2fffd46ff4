#!/usr/bin/env python3
"""Write a large synthetic Apple Health export.xml for benchmarking the streaming reader.

The file looks like a real export of a few years: the iOS 16 DTD with its malformed `<!ATTLIST`
(no closing `>`), `ExportDate`, `Me`, then records grouped by type as the Health app writes them —
heart rate (Watch, with motion-context metadata), active energy, steps from both the Watch and the
iPhone, heart-rate variability with beat-to-beat lists, sleep stages with HKTimeZone, and workouts.
Every type spans the same years (4 per GB written, at least one), so record density grows with the
size; intervals are cut short where they would overlap the next record of their type. Values are
deterministic (seeded), not physiological.

usage: make_large_apple_export.py OUT.xml --megabytes 1024
"""
import argparse
import datetime
import random

DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth                   CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex                 CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  device        CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT InstantaneousBeatsPerMinute EMPTY>
<!ATTLIST InstantaneousBeatsPerMinute
  bpm  CDATA #REQUIRED
  time CDATA #REQUIRED
>
]>
"""

WATCH = ("&lt;&lt;HKDevice: 0x{:09x}&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, "
         "hardware:Watch6,2, software:9.1&gt;")
PHONE = ("&lt;&lt;HKDevice: 0x{:09x}&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, "
         "hardware:iPhone14,2, software:16.1&gt;")
START = datetime.datetime(2021, 1, 4, 0, 0, 0)

# Share of the file per record type, in the order the Health app writes them.
SHARES = [("heart_rate", 0.45), ("active_energy", 0.2), ("steps", 0.17), ("hrv", 0.08), ("sleep", 0.06),
          ("workout", 0.04)]


def stamp(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S +0100")


def record(kind, source, device, unit, start, end, value, body=""):
    head = (f' <Record type="{kind}" sourceName="{source}" sourceVersion="9.1" device="{device}" '
            f'unit="{unit}" creationDate="{stamp(end)}" startDate="{stamp(start)}" endDate="{stamp(end)}" '
            f'value="{value}"')
    return head + (">\n" + body + " </Record>\n" if body else "/>\n")


def heart_rate(rng, moment, step):
    body = f'  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="{rng.randint(0, 2)}"/>\n'
    return record("HKQuantityTypeIdentifierHeartRate", "Anna’s Apple Watch", WATCH.format(rng.getrandbits(32)),
                  "count/min", moment, moment, rng.randint(48, 150), body)


def active_energy(rng, moment, step):
    end = moment + min(step, datetime.timedelta(seconds=rng.randint(30, 90)))
    return record("HKQuantityTypeIdentifierActiveEnergyBurned", "Anna’s Apple Watch",
                  WATCH.format(rng.getrandbits(32)), "kcal", moment, end,
                  f"{rng.random() * 2:.3f}")


def steps(rng, moment, step):
    end = moment + min(step, datetime.timedelta(minutes=rng.randint(1, 10)))
    count = rng.randint(5, 900)
    watch = record("HKQuantityTypeIdentifierStepCount", "Anna’s Apple Watch", WATCH.format(rng.getrandbits(32)),
                   "count", moment, end, count)
    phone = record("HKQuantityTypeIdentifierStepCount", "Anna’s iPhone", PHONE.format(rng.getrandbits(32)),
                   "count", moment, end, max(0, count - rng.randint(0, 40)))
    return watch + phone


def hrv(rng, moment, step):
    beats = []
    second = 0.0
    for _ in range(rng.randint(40, 70)):
        second += rng.uniform(0.6, 1.2)
        at = moment + datetime.timedelta(seconds=second)
        clock = at.strftime("%I:%M:%S").lstrip("0") + f".{int(second * 100) % 100:02d} " + at.strftime("%p")
        beats.append(f'    <InstantaneousBeatsPerMinute bpm="{rng.randint(50, 90)}" time="{clock}"/>\n')
    body = "  <HeartRateVariabilityMetadataList>\n" + "".join(beats) + "  </HeartRateVariabilityMetadataList>\n"
    end = moment + datetime.timedelta(seconds=60)
    return record("HKQuantityTypeIdentifierHeartRateVariabilitySDNN", "Anna’s Apple Watch",
                  WATCH.format(rng.getrandbits(32)), "ms", moment, end, f"{rng.uniform(20, 90):.4f}",
                  body)


def sleep(rng, moment, step):
    stage = rng.choice(["AsleepCore", "AsleepDeep", "AsleepREM", "Awake", "InBed"])
    end = moment + min(step, datetime.timedelta(minutes=rng.randint(5, 60)))
    line = (f' <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Anna’s Apple Watch" '
            f'sourceVersion="9.1" creationDate="{stamp(end)}" startDate="{stamp(moment)}" endDate="{stamp(end)}" '
            f'value="HKCategoryValueSleepAnalysis{stage}">\n'
            f'  <MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>\n </Record>\n')
    return line


def workout(rng, moment, step):
    end = moment + min(step, datetime.timedelta(minutes=rng.randint(20, 90)))
    line = (f' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="{(end - moment).seconds / 60:.2f}" '
            f'durationUnit="min" sourceName="Anna’s Apple Watch" sourceVersion="9.1" '
            f'device="{WATCH.format(rng.getrandbits(32))}" creationDate="{stamp(end)}" startDate="{stamp(moment)}" '
            f'endDate="{stamp(end)}">\n'
            f'  <MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>\n'
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="{stamp(moment)}" '
            f'endDate="{stamp(end)}" average="141" minimum="98" maximum="171" unit="count/min"/>\n </Workout>\n')
    return line


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=float, default=100)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    total = int(arguments.megabytes * 1_000_000)
    makers = {"heart_rate": heart_rate, "active_energy": active_energy, "steps": steps, "hrv": hrv,
              "sleep": sleep, "workout": workout}
    with open(arguments.out, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + DTD)
        out.write('<HealthData locale="de_DE">\n <ExportDate value="2024-06-01 08:10:05 +0100"/>\n'
                  ' <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-05-20" '
                  'HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" '
                  'HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet"/>\n')
        span = datetime.timedelta(days=365 * max(1.0, 4 * arguments.megabytes / 1024))
        for name, share in SHARES:
            budget = int(total * share)
            sample_size = len(makers[name](random.Random(0), START, datetime.timedelta(hours=1)).encode("utf-8"))
            step = span / max(1, budget // sample_size)
            moment = START
            pieces = []
            written = 0
            while written < budget:
                text = makers[name](rng, moment, step)
                pieces.append(text)
                written += len(text.encode("utf-8"))
                moment += step
                if len(pieces) >= 10_000:
                    out.write("".join(pieces))
                    pieces.clear()
            out.write("".join(pieces))
        out.write("</HealthData>\n")


if __name__ == "__main__":
    main()
