#!/usr/bin/python3
"""Chat front end: sends a conversation's user turns, prints streamlearn's answers.

Writes ChatTurn to chat.turns (key = conversation id) and reads ChatResponse from chat.responses
(read_committed). Each turn is sent once the previous one is answered, as a user would: turns
must come in order (one at or below the last answered is dead-lettered late). Lines from stdin
with -i; otherwise a scripted dialogue in the shipped model's small vocabulary.
"""
import argparse
import datetime
import sys
import time
import uuid

from streamlearn_avro import Codec, committed_consumer, producer, records

p = argparse.ArgumentParser()
p.add_argument("--bootstrap", default="127.0.0.1:9092")
p.add_argument("--conversation", default="web-" + uuid.uuid4().hex[:8])
p.add_argument("-i", "--interactive", action="store_true", help="read turns from stdin")
p.add_argument("--timeout", type=float, default=30, help="seconds to wait for an answer")
a = p.parse_args()

TURN, RESPONSE = Codec("ChatTurn"), Codec("ChatResponse")
SCRIPT = ["hello", "my name is ka ro", "how are you ?", "what is the weather ?", "what is my name ?"]
responses = committed_consumer(a.bootstrap, "chat.responses")
out = producer(a.bootstrap)


def answer_to(turn):
    deadline = time.time() + a.timeout
    while time.time() < deadline:
        for r in records(responses, timeout=0.5):
            x = RESPONSE.decode(r.value())
            if x["conversation_id"] == a.conversation and x["turn"] == turn:
                return x
    return None


lines = (line.strip() for line in sys.stdin) if a.interactive else iter(SCRIPT)
answered = 0
for number, text in enumerate((t for t in lines if t), start=1):  # blank turns are rejected
    now = datetime.datetime.now(datetime.timezone.utc)
    out.produce("chat.turns", key=a.conversation, timestamp=int(now.timestamp() * 1000), value=TURN.encode(
        {"conversation_id": a.conversation, "event_time": now, "turn": number, "text": text[:4096]}))
    out.flush()
    x = answer_to(number)
    if x is None:
        sys.exit(f"turn {number}: no answer within {a.timeout} s (is serve running? see dead_letters.py)")
    answered += 1
    print(f"[{number}] you: {text}\n    streamlearn: {x['text']}  ({x['respond_micros'] / 1000:.1f} ms,"
          f" memory update after the previous turn {x['memory_update_micros'] / 1000:.1f} ms)")
print(f"conversation {a.conversation}: {answered} turns answered")
