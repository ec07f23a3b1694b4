#!/usr/bin/python3
"""Counts and shows the dead letters of the domains: what streamlearn rejected, and why.

Reads <domain>.dlq from the start (DeadLetter records, committed only) until it is caught up.
Run it after connecting a system: every record it lists was not learned from.
"""
import argparse
import collections

from streamlearn_avro import Codec, committed_consumer, records

p = argparse.ArgumentParser()
p.add_argument("--bootstrap", default="127.0.0.1:9092")
p.add_argument("--domains", default="ads,eeg,chat")
a = p.parse_args()

DEAD_LETTER = Codec("DeadLetter")
topics = [d + ".dlq" for d in a.domains.split(",")]
consumer = committed_consumer(a.bootstrap, *topics, from_start=True)
counts = collections.Counter({t: 0 for t in topics})
while True:
    batch = records(consumer, timeout=3)  # nothing for 3 s: caught up
    if not batch:
        break
    for r in batch:
        d = DEAD_LETTER.decode(r.value())
        counts[r.topic()] += 1
        print(f"{r.topic()}: {d['source_topic']}[{d['source_partition']}]@{d['source_offset']}"
              f" {d['reason']}: {d['detail']}")
print(", ".join(f"{t} {n}" for t, n in counts.items()))
