"""Keys of the caches that let a second run on the same inputs skip work: what a result depends
on, hashed without doing the work (nor loading spaCy).

A cached result is used only when its key matches, and a key names everything the result is
computed from: the input bytes, the settings, the versions of the libraries and model, and the
source of the modules of ``insights`` that compute it (so that a new version of the code
never reuses a result of the old one). The results are deterministic, so a hit gives the
same bytes as a recomputation.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata, resources

__all__ = ["code_digest", "digest", "library_versions", "package_versions"]


@lru_cache(maxsize=32)
def code_digest(*modules: str) -> str:
    """BLAKE2b of the source of the ``insights`` modules named (``"terms"``,
    ``"readers/text"``…; files under ``src/insights``, ``.py`` added unless the name has a
    suffix)."""
    h = hashlib.blake2b(digest_size=16)
    root = resources.files("insights")
    for name in sorted(modules):
        path = root.joinpath(name if "." in name.rsplit("/", 1)[-1] else f"{name}.py")
        h.update(name.encode() + b"\x00" + path.read_bytes() + b"\x1e")
    return h.hexdigest()


@lru_cache(maxsize=8)
def package_versions(*packages: str) -> dict[str, str]:
    """The installed version of each package named, by name (``absent`` when not installed)."""
    out = {}
    for name in packages:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def library_versions(*packages: str) -> str:
    """``name=version`` of each installed package named (``absent`` when not installed)."""
    return ";".join(f"{name}={v}" for name, v in package_versions(*packages).items())


def digest(parts: Iterable[object]) -> str:
    """BLAKE2b (32 hex digits) of ``parts``: strings, bytes, or lists of strings (each joined
    with unit separators), in order."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8", "surrogatepass")
        else:
            data = "\x1f".join(map(str, part)).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()
