#!/usr/bin/env python3
"""Prints, from python-fitparse, the figures Tests/WearablesTests/FITExportReaderTests.swift expects of the
Garmin FIT fixtures in ../shared/fixtures/exports, and checks the name tables of the Swift reader against
fitparse's profile.

    python3 -m venv /tmp/fitvenv && /tmp/fitvenv/bin/pip install fitparse
    /tmp/fitvenv/bin/python scripts/check_fit_fixtures.py

fitparse decodes the records (headers, definitions, endianness, compressed timestamp headers, CRCs) and
names the fields; this script only does what fitparse leaves to its caller, written here independently of
the Swift reader:
- `timestamp_16` (monitoring field 26) is left raw by fitparse; rebuilt here from the running timestamp as
  t + ((ts16 - (t & 0xFFFF)) & 0xFFFF), where t is the last full or rebuilt timestamp.
- fitparse resolves the `steps` subfield of monitoring `cycles` only when `activity_type` (field 5) is in the
  same message; when the type comes from `current_activity_type_intensity` (field 24, bits 0-4) it reports
  `cycles` scaled by 1/2. Steps are the raw value in both cases (the `steps` subfield has scale 1).
- `cycles` are cumulative since the start of the local day, per activity type; the step count of an interval
  (from the previous monitoring message to this one) is the rise since the previous value of the same
  type, or the value itself after a fall or on a new local day (the day of t - 1 s, so a count at exactly
  midnight closes the day before). Only rises (positive counts) become samples, and daily summaries
  (`duration_min` 1440) none.
The per-type sums are checked against the device's own daily summary messages (monitoring messages with
`duration_min` 1440), and the Swift tables of product and message names against fitparse's profile. Exits 1
when a check fails.
"""
import collections
import datetime
import pathlib
import re
import sys

import fitparse
from fitparse.profile import FIELD_TYPES, MESSAGE_TYPES

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXPORTS = ROOT.parent / "shared" / "fixtures" / "exports"
FIT_SOURCES = ROOT / "Sources" / "Wearables" / "Ingest" / "FIT"
FIT_EPOCH = 631065600  # 1989-12-31T00:00:00Z in Unix seconds
STEP_TYPES = {1: "running", 6: "walking"}
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def iso(fit_seconds):
    return datetime.datetime.fromtimestamp(fit_seconds + FIT_EPOCH, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def swift_table(file_name, table_name, pattern=r'(\d+):\s*"([^"]+)"'):
    """Entries of the Swift dictionary literal `table_name` in `file_name`, as {number: match groups}."""
    text = (FIT_SOURCES / file_name).read_text()
    start = text.index(f"static let {table_name}")
    body = text[text.index("[", text.index("=", start)):text.index("\n    ]", start)]
    return {int(m.group(1)): m.groups()[1:] for m in re.finditer(pattern, body)}


def normalised(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def check_name_tables():
    messages = {n: g[0] for n, g in swift_table("FITProfile.swift", "messageNames").items()}
    for number, name in sorted(messages.items()):
        profile = MESSAGE_TYPES.get(number)
        check(profile is not None and profile.name == name,
              f"message {number}: Swift says {name!r}, fitparse {profile.name if profile else None!r}")
    file_types = {n: g[0] for n, g in swift_table("FITProfile.swift", "fileTypeNames").items()}
    profile_types = FIELD_TYPES["file"].values
    for number, name in sorted(file_types.items()):
        check(profile_types.get(number) == name, f"file type {number}: Swift says {name!r}, fitparse {profile_types.get(number)!r}")
    products = swift_table("DeviceModel+Garmin.swift", "garminProducts", r'(\d+):\s*\("([^"]+)",\s*"([^"]+)"\)')
    garmin = FIELD_TYPES["garmin_product"].values
    for number, (profile_name, _) in sorted(products.items()):
        check(garmin.get(number) == profile_name, f"product {number}: Swift says {profile_name!r}, fitparse {garmin.get(number)!r}")
    print(f"name tables: {len(messages)} message names, {len(file_types)} file types and {len(products)} Garmin "
          "product names agree with fitparse's profile")
    return messages


def message_counts(fit, names):
    counts = collections.Counter()
    for message in fit.get_messages():
        counts[names.get(message.mesg_num, f"global_{message.mesg_num}")] += 1
    return dict(sorted(counts.items()))


def raw(message):
    """Raw values of the fields the message's definition lists (not the components fitparse expands), by
    field number, plus the time of a compressed timestamp header as 253."""
    values = {field.field_def.def_num: field.raw_value for field in message.fields if field.field_def is not None}
    for field in message.fields:
        if field.field_def is None and field.name == "timestamp":
            values[253] = field.raw_value
    return values


def expanded_activity_type(message):
    """fitparse's `activity_type` component of field 24, to compare with the bits read here."""
    return next((f.raw_value for f in message.fields if f.field_def is None and f.name == "activity_type"), None)


def utc_offset(fit, message_name, local_field):
    for message in fit.get_messages(message_name):
        values = raw(message)
        if values.get(253) is not None and values.get(local_field) is not None:
            return values[local_field] - values[253]
    return None


def file_id(fit):
    values = raw(next(fit.get_messages("file_id")))
    kinds = FIELD_TYPES["file"].values
    return {"type": kinds.get(values.get(0), values.get(0)), "manufacturer": values.get(1),
            "product": values.get(2), "serial": values.get(3),
            "time_created": iso(values[4]) if values.get(4) is not None else None}


def local_week_start(unix_seconds, offset):
    local = datetime.datetime.fromtimestamp(unix_seconds + offset, datetime.timezone.utc).date()
    return local - datetime.timedelta(days=local.weekday())


def activity_file(names):
    path = EXPORTS / "garmin-fenix5-walk.fit"
    fit = fitparse.FitFile(str(path))
    print(f"\n== {path.name}")
    print("file_id:", file_id(fit))
    offset = utc_offset(fit, "activity", 5)
    print("utc offset (activity.local_timestamp - timestamp):", offset)
    beats = [(raw(m)[253], raw(m)[3]) for m in fit.get_messages("record") if raw(m).get(3) is not None]
    print(f"heart-rate records: {len(beats)}, first {iso(beats[0][0])} {beats[0][1]} bpm, "
          f"last {iso(beats[-1][0])} {beats[-1][1]} bpm")
    print("values:", [bpm for _, bpm in beats])
    print("week (local Monday):", sorted({local_week_start(t + FIT_EPOCH, offset or 0) for t, _ in beats}))
    print("message counts:", message_counts(fit, names))


def monitoring_file(names):
    path = EXPORTS / "garmin-vivofit-monitoring.fit"
    fit = fitparse.FitFile(str(path))
    print(f"\n== {path.name}")
    print("file_id:", file_id(fit))
    offset = utc_offset(fit, "monitoring_info", 0)
    print("utc offset (monitoring_info.local_timestamp - timestamp):", offset)

    carried = collections.Counter()
    running_time = None
    previous_time = None
    cumulative = {}
    samples = []  # (start, end, steps, type), FIT seconds
    summaries = collections.Counter()
    times = []
    for message in fit.get_messages():
        values = raw(message)
        if values.get(253) is not None:
            running_time = values[253]
        if message.name != "monitoring":
            continue
        if values.get(26) is not None:
            running_time += (values[26] - (running_time & 0xFFFF)) & 0xFFFF
            carried["timestamp_16"] += 1
        if values.get(253) is not None:
            carried["timestamp"] += 1
        activity = values.get(5)
        if activity is not None:
            carried["activity_type (field 5)"] += 1
        elif values.get(24) is not None:
            activity = values[24][0] & 0x1F if isinstance(values[24], tuple) else values[24] & 0x1F
            check(activity == expanded_activity_type(message), "field 24 bits 0-4 differ from fitparse's activity_type")
            carried["activity_type (field 24 bits 0-4)"] += 1
        if values.get(27) is not None:
            carried["heart_rate"] += 1
        times.append(running_time)
        cycles = values.get(3)
        if cycles is not None:
            carried["cycles"] += 1
        if cycles is not None and activity in STEP_TYPES:
            carried[f"cycles when {STEP_TYPES[activity]}"] += 1
            if values.get(29) == 1440:
                summaries[STEP_TYPES[activity]] += cycles
            day = (running_time - 1 + (offset or 0)) // 86400 if offset is not None else None
            before, before_day = cumulative.get(activity, (0, day))
            steps = cycles - before if cycles >= before and before_day == day else cycles
            cumulative[activity] = (cycles, day)
            if steps > 0 and values.get(29) != 1440:
                samples.append((previous_time if previous_time is not None else running_time, running_time,
                                steps, STEP_TYPES[activity]))
        previous_time = running_time

    print(f"monitoring messages: {len(times)}; carrying:", dict(sorted(carried.items())))
    print(f"time (timestamp_16 rebuilt): first {iso(times[0])}, last {iso(times[-1])}")
    by_type = collections.Counter()
    for _, _, steps, kind in samples:
        by_type[kind] += steps
    total = sum(by_type.values())
    print(f"step samples (positive rises): {len(samples)}, total {total}, by type {dict(by_type)}")
    print(f"first step sample: {iso(samples[0][0])}..{iso(samples[0][1])} {samples[0][2]}; "
          f"last: {iso(samples[-1][0])}..{iso(samples[-1][1])} {samples[-1][2]}")
    print("device's daily summary (duration_min 1440):", dict(summaries))
    check(dict(summaries) == dict(by_type), "step rises per type differ from the device's daily summary")
    per_local_day = collections.Counter()
    per_utc_day = collections.Counter()
    for start, end, steps, _ in samples:
        per_local_day[datetime.datetime.fromtimestamp(end + FIT_EPOCH + (offset or 0), datetime.timezone.utc).date().isoformat()] += steps
        per_utc_day[datetime.datetime.fromtimestamp(end + FIT_EPOCH, datetime.timezone.utc).date().isoformat()] += steps
    print("steps per local day (by interval end):", dict(sorted(per_local_day.items())))
    print("steps per UTC day (by interval end):", dict(sorted(per_utc_day.items())))
    print("weeks (local Monday):", sorted({local_week_start(e + FIT_EPOCH, offset or 0) for _, e, _, _ in samples}))
    print("message counts:", message_counts(fit, names))


def main():
    names = check_name_tables()
    activity_file(names)
    monitoring_file(names)
    if failures:
        print(f"\n{len(failures)} check(s) failed")
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
