#!/usr/bin/env python3
"""Builds macos/rpma.icns from assets/icon-256.png (no third-party module needed).

An .icns file is the magic `icns`, its total length, then one entry per size: a 4-byte type,
the entry's length and a PNG. The 256 px PNG is used as is (`ic08`); smaller sizes (`ic07`
128 px, `icp6` 64 px, `icp5` 32 px, `icp4` 16 px) are made with ImageMagick's `convert` when it
is installed, else skipped (macOS scales the 256 px one).

    python3 macos/make-icns.py [SOURCE.png] [OUT.icns]
"""
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = [("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128)]


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG file")
    return struct.unpack(">II", data[16:24])


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "assets" / "icon-256.png"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "macos" / "rpma.icns"
    big = src.read_bytes()
    if png_size(big) != (256, 256):
        sys.exit(f"{src}: expected a 256x256 PNG")
    entries = []
    convert = shutil.which("convert")
    if convert:
        with tempfile.TemporaryDirectory() as tmp:
            for kind, px in SIZES:
                small = Path(tmp) / f"{px}.png"
                subprocess.run(
                    [convert, str(src), "-resize", f"{px}x{px}", f"PNG32:{small}"], check=True
                )
                entries.append((kind, small.read_bytes()))
    else:
        print("make-icns: ImageMagick not found, only the 256 px icon is included", file=sys.stderr)
    entries.append(("ic08", big))
    body = b"".join(k.encode() + struct.pack(">I", len(d) + 8) + d for k, d in entries)
    out.write_bytes(b"icns" + struct.pack(">I", len(body) + 8) + body)
    print(f"{out}: {len(entries)} sizes, {len(body) + 8} bytes")


if __name__ == "__main__":
    main()
