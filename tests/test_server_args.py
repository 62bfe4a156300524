"""The ServerArgs record Elasticsearch reads on stdin, byte for byte (Elasticsearch's stream
format: vints, UTF-16 units in 1-3 bytes, generic values). A node starting at all is the
test of the whole record (tests/cluster); these pin the encodings that could go wrong
without stopping a node: multi-byte vints, non-ASCII text, lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from cluster.server_args import empty_keystore, server_args, string, vint


@pytest.mark.parametrize(
    ("value", "encoded"),
    [(0, b"\x00"), (127, b"\x7f"), (128, b"\x80\x01"), (300, b"\xac\x02"),
     (16384, b"\x80\x80\x01")],
)
def test_vint(value: int, encoded: bytes) -> None:
    assert vint(value) == encoded


def test_vint_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        vint(-1)


def test_string_counts_utf16_units() -> None:
    assert string("") == b"\x00"
    assert string("ab") == b"\x02ab"
    assert string("é") == b"\x01\xc3\xa9"  # U+00E9: two bytes
    assert string("فقرة") == b"\x04" + "فقرة".encode()  # Arabic letters: two bytes each
    assert string("€") == b"\x01\xe2\x82\xac"  # U+20AC: three bytes
    # Outside the BMP: two UTF-16 units, each written in three bytes (not UTF-8's four).
    assert string("😀") == b"\x02\xed\xa0\xbd\xed\xb8\x80"


def test_record_layout() -> None:
    record = server_args(
        {"node.name": "n1", "discovery.seed_hosts": ["a:1", "b:2"]},
        Path("/c"), Path("/l"),
    )
    keystore = empty_keystore()
    assert record == (
        b"\x00\x00\x00" + keystore + b"\x02"
        + b"\x09node.name" + b"\x00\x02n1"
        + b"\x14discovery.seed_hosts" + b"\x07\x02" + b"\x00\x03a:1" + b"\x00\x03b:2"
        + b"\x02/c\x02/l"
    )
    assert keystore == (
        b"\x31org.elasticsearch.common.settings.KeyStoreWrapper"
        + b"\x00\x00\x00\x05" + b"\x00\x00\x00\x00"
    )
