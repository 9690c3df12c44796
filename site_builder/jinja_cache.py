"""Compiled templates kept between builds: Jinja's bytecode cache, for our templates and the theme's.

Compiling templates afresh was about a fifth of a build's Jinja time. Jinja already keys each
cached template by its name, its file and a checksum of its source, and writes each entry
atomically; the key here also carries `salt` (the Jinja, MkDocs and Material versions and our
environment's options), so a change of version or setting never reuses code compiled under the
old one. The output is the same with and without the cache: only compilation is skipped.
"""

from __future__ import annotations

import hashlib
import logging
import os
from importlib import metadata

from jinja2 import FileSystemBytecodeCache

log = logging.getLogger("mkdocs.plugins.site_builder")

OFF = "FAR_NO_TEMPLATE_CACHE"
"""Set this environment variable (to anything) to compile every template afresh."""


class _SaltedCache(FileSystemBytecodeCache):
    def __init__(self, salt: str) -> None:
        super().__init__(pattern="__far_%s.cache")  # Jinja's own per-user folder in the temp dir
        self.salt = salt

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha1(f"{self.salt}|{super().get_cache_key(name, filename)}".encode()).hexdigest()


def _versions() -> str:
    found = []
    for package in ("jinja2", "mkdocs", "mkdocs-material"):
        try:
            found.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package}=none")
    return ";".join(found)


def bytecode_cache(salt: str) -> FileSystemBytecodeCache | None:
    """A bytecode cache for one environment (`salt` names it and its options); None when it is
    turned off or the cache folder cannot be used (then templates are compiled, as without it)."""
    if os.environ.get(OFF):
        return None
    try:
        return _SaltedCache(f"{_versions()}|{salt}")
    except (OSError, RuntimeError) as problem:  # no usable temp folder: compile every time
        log.debug("Template cache off: %s", problem)
        return None
