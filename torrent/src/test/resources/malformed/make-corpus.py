#!/usr/bin/env python3
"""Writes the malformed .torrent corpus next to this script. Every file must be refused with one clear line.

Run again after editing: python3 make-corpus.py  (the files are committed; tests only read them)."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def enc(v, sort=True):
    if isinstance(v, bool):
        raise TypeError
    if isinstance(v, int):
        return b"i%de" % v
    if isinstance(v, str):
        v = v.encode()
    if isinstance(v, bytes):
        return b"%d:%s" % (len(v), v)
    if isinstance(v, list):
        return b"l" + b"".join(enc(x, sort) for x in v) + b"e"
    if isinstance(v, dict):
        items = [(k.encode() if isinstance(k, str) else k, x) for k, x in v.items()]
        if sort:
            items.sort()
        return b"d" + b"".join(enc(k) + enc(x, sort) for k, x in items) + b"e"
    if isinstance(v, Raw):
        return v.data
    raise TypeError(type(v))


class Raw:
    def __init__(self, data):
        self.data = data


PL = 16384
HASH = bytes(range(20))


def single(**over):
    info = {"name": "file.bin", "piece length": PL, "pieces": HASH * 2, "length": PL + 100}
    info.update(over)
    return {"announce": "http://127.0.0.1:6969/announce", "info": info}


def multi(files, **over):
    info = {"name": "dir", "piece length": PL, "files": files}
    info.update(over)
    if "pieces" not in info:
        total = sum(f["length"] for f in files if isinstance(f.get("length"), int))
        info["pieces"] = HASH * max(1, -(-total // PL))
    return {"announce": "http://127.0.0.1:6969/announce", "info": info}


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


valid = enc(single())
corpus = {
    "empty.torrent": b"",
    "truncated-half.torrent": valid[: len(valid) // 2],
    "truncated-last-byte.torrent": valid[:-1],
    "string-length-2pow63.torrent": b"d8:announce9223372036854775808:http://e",
    "string-length-huge.torrent": b"d4:info99999999999999999999999999999999:xe",
    "string-length-beyond-input.torrent": b"d8:announce1000000:http://e",
    "integer-2pow63.torrent": enc(single(length=Raw(b"i9223372036854775808e"))),
    "integer-leading-zero.torrent": enc(single(length=Raw(b"i016484e"))),
    "integer-negative-zero.torrent": enc(single(private=Raw(b"i-0e"))),
    "integer-empty.torrent": enc(single(private=Raw(b"ie"))),
    "string-length-leading-zero.torrent": enc(single(name=Raw(b"08:file.bin"))),
    "nesting-100000-lists.torrent": b"l" * 100000 + b"e" * 100000,
    "nesting-100000-dicts.torrent": b"d1:a" * 100000 + b"i0e" + b"e" * 100000,
    "nesting-100000-unterminated.torrent": b"l" * 100000,
    "top-level-list.torrent": enc([single()]),
    "no-info.torrent": enc({"announce": "http://127.0.0.1:6969/announce"}),
    "wrong-type-info-list.torrent": enc({"info": [1, 2]}),
    "wrong-type-name-integer.torrent": enc(single(name=42)),
    "wrong-type-piece-length-string.torrent": enc(single(**{"piece length": "16384"})),
    "wrong-type-pieces-list.torrent": enc(single(pieces=[HASH, HASH])),
    "wrong-type-files-dict.torrent": enc({"info": {"name": "dir", "piece length": PL, "pieces": HASH, "files": {"a": 1}}}),
    "wrong-type-announce-list.torrent": enc(dict(single(), **{"announce-list": "http://x/"})),
    "wrong-type-path-element.torrent": enc(multi([{"length": 10, "path": ["a", 7]}])),
    "negative-piece-length.torrent": enc(single(**{"piece length": -16384})),
    "zero-piece-length.torrent": enc(single(**{"piece length": 0})),
    "piece-length-not-power-of-two.torrent": enc(single(**{"piece length": 20000})),
    "piece-length-below-16k.torrent": enc(single(**{"piece length": 8192, "pieces": HASH * 3})),
    "pieces-not-multiple-of-20.torrent": enc(single(pieces=HASH * 2 + b"xyz")),
    "pieces-count-too-small.torrent": enc(single(pieces=HASH)),
    "pieces-count-too-large.torrent": enc(single(pieces=HASH * 5)),
    "negative-length.torrent": enc(single(length=-1, pieces=b"")),
    "zero-total-length.torrent": enc(single(length=0, pieces=b"")),
    "zero-total-length-files.torrent": enc(multi([{"length": 0, "path": ["a"]}, {"length": 0, "path": ["b"]}], pieces=b"")),
    "negative-file-length.torrent": enc(multi([{"length": -5, "path": ["a"]}, {"length": 10, "path": ["b"]}])),
    "missing-length-and-files.torrent": enc({"info": {"name": "x", "piece length": PL, "pieces": HASH}}),
    "both-length-and-files.torrent": enc(single(files=[{"length": PL + 100, "path": ["a"]}])),
    "no-files.torrent": enc(multi([])),
    "empty-path.torrent": enc(multi([{"length": 10, "path": []}])),
    "empty-path-component.torrent": enc(multi([{"length": 10, "path": ["a", ""]}])),
    "path-traversal-dotdot.torrent": enc(multi([{"length": 10, "path": ["..", "..", "etc", "passwd"]}])),
    "path-traversal-dot.torrent": enc(multi([{"length": 10, "path": [".", "a"]}])),
    "path-traversal-slash-in-component.torrent": enc(multi([{"length": 10, "path": ["a/../../b"]}])),
    "path-absolute.torrent": enc(multi([{"length": 10, "path": ["/etc/passwd"]}])),
    "path-backslash.torrent": enc(multi([{"length": 10, "path": ["..\\..\\windows"]}])),
    "path-nul.torrent": enc(multi([{"length": 10, "path": ["a\0.txt"]}])),
    "name-dotdot.torrent": enc(single(name="..")),
    "name-slash.torrent": enc(single(name="../escape.bin")),
    "name-empty.torrent": enc(single(name="")),
    "name-not-utf8.torrent": enc(single(name=b"caf\xe9.bin")),
    "path-not-utf8.torrent": enc(multi([{"length": 10, "path": [b"\xff\xfe.txt"]}])),
    "duplicate-file-path.torrent": enc(multi([{"length": 10, "path": ["a"]}, {"length": 10, "path": ["a"]}])),
    "file-and-directory-clash.torrent": enc(multi([{"length": 10, "path": ["a"]}, {"length": 10, "path": ["a", "b"]}])),
    "duplicate-key.torrent": b"d8:announce5:http:8:announce5:http:4:info" + enc(single()["info"]) + b"e",
    "unsorted-keys-top.torrent": b"d4:info" + enc(single()["info"]) + b"8:announce30:http://127.0.0.1:6969/announcee",
    "unsorted-keys-info.torrent": enc(single(), sort=False),
    "trailing-bytes.torrent": valid + b"\n",
    "trailing-second-value.torrent": valid + enc(single()),
    "non-digit-length.torrent": b"d8:announce5x:http:e",
    "bad-type-byte.torrent": b"d4:infoxe",
    "dict-key-integer.torrent": b"di1ei2ee",
    "v2-only.torrent": enc({"info": {"name": "x", "piece length": PL, "meta version": 2,
                                       "file tree": {"x": {"": {"length": 10, "pieces root": b"\0" * 32}}}}}),
    "total-length-overflow.torrent": enc(multi([{"length": 2**62, "path": ["a"]}, {"length": 2**62, "path": ["b"]},
                                                {"length": 2**62, "path": ["c"]}], pieces=HASH)),
    "binary-garbage.torrent": bytes((i * 73 + 41) % 256 for i in range(512)),
}

# Sanity: the unsorted-info variant really is unsorted (insertion order: name, piece length, pieces, length).
assert corpus["unsorted-keys-info.torrent"] != valid

if __name__ == "__main__":
    for old in os.listdir(HERE):
        if old.endswith(".torrent"):
            os.remove(os.path.join(HERE, old))
    for name, data in sorted(corpus.items()):
        write(name, data)
    write("valid-reference.torrent.ok", valid)
    print(len(corpus), "files written")
