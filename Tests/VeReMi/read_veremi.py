#!/usr/bin/env python3
"""A small reader of the VeReMi extension layout, written from the data set's description, not from
v2vsim's exporter: it checks every file and line and prints one JSON summary line.

Usage: read_veremi.py DIR

Checks: file names (traceJSON-<vehicle>-<module>-A<attack>-<start>-<run>.json and
traceGroundTruthJSON-<run>.json), every line a JSON object with the fields of its type, vectors of three
numbers, heading vectors of unit length, each log in time order. Then joins every received beacon (type 3)
with the ground truth (type 4) of the same messageID, as detector studies do, and reports the position
error between claim and truth for honest and attacking senders.
"""
import json
import math
import os
import re
import sys

LOG = re.compile(r"^traceJSON-(\d+)-(\d+)-A(\d+)-(\d+(?:\.\d+)?)-(\d+)\.json$")
TRUTH = re.compile(r"^traceGroundTruthJSON-(\d+)\.json$")
VECTORS = ["pos", "pos_noise", "spd", "spd_noise", "acl", "acl_noise", "hed", "hed_noise"]
FIELDS = {
    2: ["rcvTime"],
    3: ["rcvTime", "sendTime", "sender", "senderPseudo", "messageID"],
    4: ["sendTime", "sender", "senderPseudo", "messageID"],
}


def fail(message):
    print(json.dumps({"ok": False, "error": message}))
    sys.exit(1)


def check(line, where):
    try:
        record = json.loads(line)
    except ValueError as error:
        fail(f"{where}: not JSON: {error}")
    kind = record.get("type")
    if kind not in FIELDS:
        fail(f"{where}: unknown type {kind!r}")
    for key in FIELDS[kind] + VECTORS:
        if key not in record:
            fail(f"{where}: type {kind} without {key}")
    for key in VECTORS:
        vector = record[key]
        if not (isinstance(vector, list) and len(vector) == 3 and all(isinstance(v, (int, float)) for v in vector)):
            fail(f"{where}: {key} is not three numbers: {vector!r}")
    norm = math.hypot(record["hed"][0], record["hed"][1])
    if abs(norm - 1) > 1e-9:
        fail(f"{where}: heading vector of length {norm}")
    return record


def main():
    directory = sys.argv[1]
    logs, truths = [], []
    for name in sorted(os.listdir(directory)):
        if LOG.match(name):
            logs.append(name)
        elif TRUTH.match(name):
            truths.append(name)
        else:
            fail(f"{name}: not a VeReMi file name")
    if len(truths) != 1:
        fail(f"expected one ground-truth file, found {len(truths)}")

    truth = {}
    truth_attackers = {}
    with open(os.path.join(directory, truths[0])) as handle:
        for number, line in enumerate(handle, 1):
            record = check(line, f"{truths[0]}:{number}")
            if record["type"] != 4:
                fail(f"{truths[0]}:{number}: type {record['type']} in the ground truth")
            truth[record["messageID"]] = record
            truth_attackers[record["sender"]] = record.get("attackerType", 0)

    counts = {"2": 0, "3": 0}
    labels = {}
    honest_errors, attacker_errors = [], []
    unmatched = 0
    for name in logs:
        vehicle, _, attack, _, _ = LOG.match(name).groups()
        labels[vehicle] = int(attack)
        last = -math.inf
        with open(os.path.join(directory, name)) as handle:
            for number, line in enumerate(handle, 1):
                record = check(line, f"{name}:{number}")
                if record["type"] == 4:
                    fail(f"{name}:{number}: ground truth in a vehicle log")
                if record["rcvTime"] < last:
                    fail(f"{name}:{number}: rcvTime {record['rcvTime']} before {last}")
                last = record["rcvTime"]
                counts[str(record["type"])] += 1
                if record["type"] != 3:
                    continue
                true = truth.get(record["messageID"])
                if true is None:
                    unmatched += 1
                    continue
                error = math.hypot(record["pos"][0] - true["pos"][0], record["pos"][1] - true["pos"][1])
                (attacker_errors if true.get("attackerType", 0) else honest_errors).append(error)

    print(json.dumps({
        "ok": True,
        "logs": len(logs),
        "gps": counts["2"],
        "beacons": counts["3"],
        "ground_truth": len(truth),
        "unmatched_beacons": unmatched,
        "labels": {k: v for k, v in labels.items() if v},
        "truth_attackers": {str(k): v for k, v in truth_attackers.items() if v},
        "honest_max_position_error": max(honest_errors, default=0),
        "attacker_mean_position_error": sum(attacker_errors) / len(attacker_errors) if attacker_errors else 0,
        "attacker_beacons": len(attacker_errors),
    }, sort_keys=True))


if __name__ == "__main__":
    main()
