#!/usr/bin/env python3
"""Fills a photo store with incompressible JPEG-like files for the backup bench.

    scripts/bench_photos.py <data-dir> <gigabytes> [seed]

Each file starts like a JPEG (SOI + JFIF APP0), holds random bytes (JPEG data does not
compress) and ends with EOI; sizes are spread over 1.5-4.5 MB, like phone photos. Files are
named and fanned out as the app's photo store does: photos/originals/ab/<sha256>.jpg.
Deterministic for a given seed.
"""
import hashlib
import os
import random
import sys

root, gigabytes = sys.argv[1], float(sys.argv[2])
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 15
rng = random.Random(seed)
target = int(gigabytes * 1024**3)
head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
written = count = 0
while written < target:
    size = min(rng.randint(1_500_000, 4_500_000), max(target - written, 1024))
    body = head + rng.randbytes(size - len(head) - 2) + b"\xff\xd9"
    sha = hashlib.sha256(body).hexdigest()
    folder = os.path.join(root, "photos", "originals", sha[:2])
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, sha + ".jpg"), "wb") as f:
        f.write(body)
    written += len(body)
    count += 1
print(f"{count} photos, {written / 1024**3:.2f} GiB in {root}/photos/originals")
