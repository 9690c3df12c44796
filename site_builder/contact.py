"""Where a reader without a GitHub account reports an error: `extra.contact.email` in mkdocs.yml,
shown in every page's footer and on the contribute page. Maintainers set it; the build says so
while it is empty, and refuses to publish an obvious placeholder."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

SETTING = "extra.contact.email"
_ADDRESS = re.compile(r"^[^@\s<>\"'()]+@[^@\s<>\"'()]+\.[A-Za-z]{2,}$")
# Addresses nobody reads: the reserved example domains (RFC 2606) and the usual stand-ins.
_PLACEHOLDER = re.compile(
    r"@(?:[\w-]+\.)*example\.(?:com|org|net)$|@example$|\.(?:test|invalid|example|localhost)$"
    r"|changeme|change-me|placeholder|your[-_.]?(?:name|email|address)|^(?:todo|tbd|xxx+|foo|test|me)@",
    re.I,
)


def read(extra: Any) -> str:
    """The configured address, "" when unset."""
    contact = extra.get("contact") if isinstance(extra, Mapping) else None
    value = contact.get("email") if isinstance(contact, Mapping) else None
    return value.strip() if isinstance(value, str) else ""


def problem(email: str) -> str | None:
    """Why the address cannot be published, or None when it can (or is unset)."""
    if not email:
        return None
    if not _ADDRESS.match(email):
        return f"{SETTING} is {email!r}, which is not an e-mail address (expected name@domain)."
    if _PLACEHOLDER.search(email):
        return f"{SETTING} is {email!r}, a placeholder: set the address maintainers read, or leave it empty."
    return None


UNSET = (
    f"{SETTING} is not set in mkdocs.yml: readers without a GitHub account have no way to report an error. "
    "Pages show only the GitHub correction form until a maintainer sets the address they read."
)
