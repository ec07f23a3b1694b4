"""Shared by the examples: streamlearn's wire format and Kafka clients, from the .avsc files only.

Values are Avro single-object encoding: C3 01, the 8-byte little-endian CRC-64-AVRO fingerprint of
the schema's Parsing Canonical Form, then the Avro binary datum (what SingleObjectCodec.java reads
and writes). Keys are UTF-8 strings. Needs only Debian's python3-avro and python3-confluent-kafka.
"""
import datetime
import io
import json
import os
import struct
import uuid

import avro.io
import avro.schema
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, Producer, TopicPartition

SCHEMAS = os.environ.get("STREAMLEARN_SCHEMAS",
                         os.path.join(os.path.dirname(__file__), "../../schemas/src/main/avro"))
MARKER = b"\xc3\x01"
_EMPTY = 0xC15D213AA4D7A795  # CRC-64-AVRO, as the Avro specification defines it
_TABLE = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (_EMPTY & -(_fp & 1))
    _TABLE.append(_fp)


def crc64_avro(data):
    fp = _EMPTY
    for b in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ b) & 0xFF]
    return fp


def _simple(node):
    # python3-avro 1.11 writes {"type":"long"} for a timestamp-millis long; the canonical form (and
    # Java) say "long". Without this the fingerprint differs and streamlearn dead-letters the record.
    if isinstance(node, dict):
        node = {k: _simple(v) for k, v in node.items()}
        return node["type"] if list(node) == ["type"] and isinstance(node["type"], str) else node
    return [_simple(v) for v in node] if isinstance(node, list) else node


class Codec:
    def __init__(self, name):
        with open(os.path.join(SCHEMAS, name + ".avsc")) as f:
            self.schema = avro.schema.parse(f.read())
        canonical = json.dumps(_simple(json.loads(self.schema.canonical_form)), separators=(",", ":"))
        self.header = MARKER + struct.pack("<Q", crc64_avro(canonical.encode()))
        self.writer, self.reader = avro.io.DatumWriter(self.schema), avro.io.DatumReader(self.schema)

    def encode(self, record):
        out = io.BytesIO(self.header)
        out.seek(len(self.header))
        self.writer.write(record, avro.io.BinaryEncoder(out))
        return out.getvalue()

    def decode(self, value):
        if value[:10] != self.header:  # another schema (or version) than the .avsc we read with
            raise ValueError(f"{self.schema.name}: header {value[:10].hex()}, expected {self.header.hex()}")
        return self.reader.read(avro.io.BinaryDecoder(io.BytesIO(value[10:])))


def utc(millis):
    """timestamp-millis fields are datetimes in python3-avro (it warns and ignores ints)."""
    return datetime.datetime.fromtimestamp(millis / 1000, datetime.timezone.utc)


def _raise(err, _msg=None):
    if err is not None:
        raise KafkaException(err)  # raised from the producer's flush(): a record was not written


def producer(bootstrap):
    """Keys are str (sent as UTF-8). acks=all: a record counts as written once every in-sync replica
    has it; a record that cannot be written raises at flush()."""
    return Producer({"bootstrap.servers": bootstrap, "acks": "all", "on_delivery": _raise})


def committed_consumer(bootstrap, *topics, from_start=False):
    """A consumer of the topics' committed records, from their current end (so it sees every
    output caused after this call) or from their start. streamlearn writes its outputs in
    transactions: read_committed skips aborted ones and waits for open ones to end."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "isolation.level": "read_committed",
                         # librdkafka needs a group id; this one is never joined nor committed to.
                         "group.id": "streamlearn-connect-" + uuid.uuid4().hex, "enable.auto.commit": False})
    metadata = consumer.list_topics(timeout=10).topics
    if any(t not in metadata for t in topics):
        raise SystemExit(f"no topic {topics} on {bootstrap}: start `serve` first (it creates them)")
    parts = [TopicPartition(t, p) for t in topics for p in sorted(metadata[t].partitions)]
    for tp in parts:
        # The end is fixed here, before the caller produces anything: OFFSET_END is resolved only
        # once fetching starts, and outputs written before then would be skipped. Under
        # read_committed the broker answers the last stable offset, so an open transaction's
        # records are still ahead of it and are read if it commits.
        tp.offset = OFFSET_BEGINNING if from_start else consumer.get_watermark_offsets(tp, timeout=10)[1]
    consumer.assign(parts)
    return consumer


def records(consumer, timeout=0.0):
    """The records that have arrived, after waiting up to timeout seconds for the first one."""
    first = consumer.poll(timeout)
    got = [first] + consumer.consume(1000, timeout=0) if first is not None else []
    for m in got:
        if m.error():
            raise KafkaException(m.error())
    return got
