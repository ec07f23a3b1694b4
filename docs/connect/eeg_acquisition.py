#!/usr/bin/python3
"""EEG acquisition: streams a recording in blocks, reads its forecasts, scores and alerts.

Writes EegSampleBlock to eeg.samples (key = recording id): --block-seconds of every channel at
--rate Hz, each block starting where the previous one ended. Reads EegPrediction (one per block)
from eeg.predictions and EegAlert from eeg.alerts (read_committed).
"""
import argparse
import datetime
import math
import random
import time

from streamlearn_avro import Codec, committed_consumer, producer, records

p = argparse.ArgumentParser()
p.add_argument("--bootstrap", default="127.0.0.1:9092")
p.add_argument("--recording", default="rec-" + datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
p.add_argument("--rate", type=float, default=256.0)
p.add_argument("--block-seconds", type=float, default=0.25)
p.add_argument("--seconds", type=float, default=40, help="length of the recording")
p.add_argument("--speed", type=float, default=1, help="1 = real time, 0 = as fast as possible")
a = p.parse_args()

BLOCK, PREDICTION, ALERT = Codec("EegSampleBlock"), Codec("EegPrediction"), Codec("EegAlert")
channels = ["Fp1", "Fp2", "C3", "C4"]  # labels, units and rate must stay the same all recording
per_block = round(a.rate * a.block_seconds)
start = datetime.datetime.now(datetime.timezone.utc)
rng = random.Random(3)
readers = committed_consumer(a.bootstrap, "eeg.predictions", "eeg.alerts")
out = producer(a.bootstrap)


def signal(n, c):
    t = n / a.rate  # a 10 Hz alpha rhythm and noise, in uV; one electrode pop at 10 s on Fp1
    pop = 400.0 if c == 0 and int(10 * a.rate) <= n < int(10 * a.rate) + 3 else 0.0
    return 20 * math.sin(2 * math.pi * (10 + c) * t) + rng.gauss(0, 5) + pop


def hms(t):
    return t.strftime("%H:%M:%S.%f")[:-3] if t else "open"  # end_time is null while an episode lasts


def show(timeout=0.0):
    got = 0
    for r in records(readers, timeout):
        if r.key().decode() != a.recording:
            continue
        if r.topic() == "eeg.alerts":
            x = ALERT.decode(r.value())
            print(f"alert {x['event_type']} {hms(x['start_time'])}..{hms(x['end_time'])}"
                  f" peak {x['peak_score']:.1f} on {x['channels']}")
            continue
        x, got = PREDICTION.decode(r.value()), got + 1
        if got % 20 == 0 or not math.isnan(x["anomaly_score"]) and x["anomaly_score"] > 3:
            print(f"prediction {(x['event_time'] - start).total_seconds():6.2f} s: score"
                  f" {x['anomaly_score']:.2f}, 1-step error {[round(e, 1) for e in x['channel_error']]},"
                  f" artifacts {x['artifact_samples']}")
    return got


blocks, predictions = int(a.seconds / a.block_seconds), 0
for b in range(blocks):
    first = b * per_block
    # Block times come from the sample count (not by adding rounded milliseconds): a block that
    # starts before the previous one ended is dead-lettered as late.
    event_time = start + datetime.timedelta(seconds=first / a.rate)
    out.produce("eeg.samples", key=a.recording, timestamp=int(event_time.timestamp() * 1000), value=BLOCK.encode(
        {"recording_id": a.recording, "event_time": event_time, "sample_rate_hz": a.rate,
         "channel_labels": channels, "units": ["uV"] * len(channels),
         "samples": [[signal(first + i, c) for i in range(per_block)] for c in range(len(channels))]}))
    predictions += show()
    if a.speed > 0:
        time.sleep(max(0.0, (start + datetime.timedelta(seconds=(first + per_block) / a.rate / a.speed)
                             - datetime.datetime.now(datetime.timezone.utc)).total_seconds()))
out.flush()
deadline = time.time() + 30
while predictions < blocks and time.time() < deadline:  # one prediction per block, in order
    predictions += show(timeout=1)
print(f"recording {a.recording}: sent {blocks} blocks, received {predictions} predictions")
