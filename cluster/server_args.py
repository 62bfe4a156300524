"""The bytes an Elasticsearch server reads on its standard input before it starts.

Elasticsearch's own launcher (`server-cli`, not published) does not pass the node's
settings on the command line: it writes a `ServerArgs` record to the server's stdin in
Elasticsearch's stream format, and the server reads it back with `StreamInput`. This module
writes that record: daemonize and quiet flags, no pid file, an empty keystore, the node
settings, then the config and logs folders.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from pathlib import Path

KEYSTORE_CLASS = "org.elasticsearch.common.settings.KeyStoreWrapper"
KEYSTORE_FORMAT = 5  # KeyStoreWrapper's current format version
GENERIC_STRING = 0x00  # StreamOutput.writeGenericValue type bytes
GENERIC_LIST = 0x07


def vint(value: int) -> bytes:
    """A non-negative int, 7 bits a byte, low bits first, high bit set on all but the last."""
    if value < 0:
        raise ValueError(f"a vint cannot be negative: {value}")
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def string(text: str) -> bytes:
    """A vint count of UTF-16 units, then each unit in 1-3 bytes (StreamOutput.writeString)."""
    units = text.encode("utf-16-be")
    out = bytearray(vint(len(units) // 2))
    for (unit,) in struct.iter_unpack(">H", units):
        if unit <= 0x7F:
            out.append(unit)
        elif unit <= 0x7FF:
            out += bytes([0xC0 | unit >> 6, 0x80 | unit & 0x3F])
        else:
            out += bytes([0xE0 | unit >> 12, 0x80 | unit >> 6 & 0x3F, 0x80 | unit & 0x3F])
    return bytes(out)


def boolean(value: bool) -> bytes:
    return b"\x01" if value else b"\x00"


def _generic(value: str | Sequence[str]) -> bytes:
    if isinstance(value, str):
        return bytes([GENERIC_STRING]) + string(value)
    return bytes([GENERIC_LIST]) + vint(len(value)) + b"".join(_generic(v) for v in value)


def empty_keystore() -> bytes:
    """An open keystore without password or entries (KeyStoreWrapper's stream form)."""
    return (
        string(KEYSTORE_CLASS)
        + struct.pack(">i", KEYSTORE_FORMAT)
        + boolean(False)  # has a password
        + boolean(False)  # encrypted bytes (optional, absent)
        + vint(0)  # entries
        + boolean(False)  # closed
    )


def server_args(
    settings: Mapping[str, str | Sequence[str]], config_dir: Path, logs_dir: Path
) -> bytes:
    """The whole record: a node in the foreground, not quiet, without pid file."""
    encoded = b"".join(string(key) + _generic(value) for key, value in settings.items())
    return (
        boolean(False)  # daemonize
        + boolean(False)  # quiet
        + boolean(False)  # pid file (optional, absent)
        + empty_keystore()
        + vint(len(settings))
        + encoded
        + string(str(config_dir))
        + string(str(logs_dir))
    )
