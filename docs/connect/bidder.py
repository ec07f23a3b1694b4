#!/usr/bin/python3
"""Bidder: reports spend and conversions per campaign, applies the budgets streamlearn decides.

Writes AdImpression to ads.impressions and AdOutcome to ads.outcomes (key = campaign id) every
--interval of event time; reads AdDecision from ads.decisions (read_committed). --speed 1 is a real
bidder on the wall clock; a higher speed runs event time faster (rounds are 1 h by default).
"""
import argparse
import datetime
import random
import time

from streamlearn_avro import Codec, committed_consumer, producer, records

p = argparse.ArgumentParser()
p.add_argument("--bootstrap", default="127.0.0.1:9092")
p.add_argument("--campaigns", default="shoes,books")
p.add_argument("--interval", type=float, default=300, help="seconds of event time per report")
p.add_argument("--hours", type=float, default=4, help="event time to play")
p.add_argument("--speed", type=float, default=1, help="event-time seconds per wall-clock second")
a = p.parse_args()

IMPRESSION, OUTCOME, DECISION = Codec("AdImpression"), Codec("AdOutcome"), Codec("AdDecision")
campaigns = a.campaigns.split(",")
# Until the first decision: an even split of the arm set's 1.5 units of 100 (streamlearn.ads.budget),
# per round, over the configured platforms search, social, display (every vector is in that order).
budget = {c: ([50.0, 50.0, 50.0], 3600.0) for c in campaigns}  # allocation, round length in s
rng = random.Random(7)
decisions = committed_consumer(a.bootstrap, "ads.decisions")  # positioned before we send anything
out = producer(a.bootstrap)


def poll_decisions(timeout=0.0):
    got = 0
    for r in records(decisions, timeout):
        d = DECISION.decode(r.value())
        if d["campaign_id"] in budget:
            seconds = (d["round_end"] - d["round_start"]).total_seconds()
            budget[d["campaign_id"]] = (d["allocation"], seconds)
            got += 1
            print(f"decision {d['campaign_id']} round {d['round']} from {d['round_start']:%H:%M}"
                  f" {d['policy']}: allocation {[round(x, 1) for x in d['allocation']]}"
                  f" (closed round {d['closed_round']}: {d['closed_round_conversions']} conversions,"
                  f" propensity {d['propensity']})")
    return got


# Reports carry the end of the interval they cover; rounds are cut on that event time, so it must
# only move forward per campaign (a record behind its round's close + 1 min is dead-lettered late).
clock = datetime.datetime.now(datetime.timezone.utc)
end, received, sent = clock + datetime.timedelta(hours=a.hours), 0, 0
while clock < end:
    clock += datetime.timedelta(seconds=a.interval)
    for c in campaigns:
        allocation, round_seconds = budget[c]
        spend = [x * a.interval / round_seconds for x in allocation]  # the round's budget, pro rata
        shown = [int(s * rng.uniform(15, 25)) for s in spend]  # ~20 impressions per currency unit
        conversions = max(0, round(sum(s * w for s, w in zip(spend, (8, 5, 3))) * rng.uniform(0.8, 1.2)))
        ts = int(clock.timestamp() * 1000)
        out.produce("ads.impressions", key=c, timestamp=ts, value=IMPRESSION.encode(
            {"campaign_id": c, "event_time": clock, "spend": spend, "impressions": shown}))
        # Sent even when 0: a zero record moves this stream's time on, so the round can close.
        out.produce("ads.outcomes", key=c, timestamp=ts, value=OUTCOME.encode(
            {"campaign_id": c, "event_time": clock, "conversion_count": conversions,
             "conversion_value": conversions * 12.5}))
        sent += 2
    out.flush()
    received += poll_decisions()
    time.sleep(a.interval / a.speed)

deadline = time.time() + 15  # decisions of the last closed rounds may still be on their way
while time.time() < deadline:
    received += poll_decisions(timeout=1)
print(f"sent {sent} records, received {received} decisions for {len(campaigns)} campaigns")
