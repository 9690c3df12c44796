"""`--wdtk URL`: a request's facts from WhatDoTheyKnow's JSON (`URL.json`, Alaveteli's read API).

One request, one timeout (20 s for the whole answer, not per read), no retries: a slow or absent
site is a clear message, never a hang. The JSON has no message text and no attachment list; those
still come from the files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

TIMEOUT = 20.0
MAX_BYTES = 5 * 1024 * 1024  # a request's JSON with hundreds of events is well under 1 MB
SITE = "https://www.whatdotheyknow.com"

# WhatDoTheyKnow's `described_state` -> the register's `status`, and why.
STATUS: dict[str, tuple[str, str]] = {
    "waiting_response": ("awaiting", "waiting for a response"),
    "waiting_clarification": ("awaiting_clarification", "the authority asked the requester to clarify"),
    "gone_postal": ("unknown", "the authority replied by post; the reply is not on the site"),
    "not_held": ("not_held", "the information is not held"),
    "rejected": ("refused", "shown as refused"),
    "successful": ("successful", "successful"),
    "partially_successful": ("partially_successful", "partially successful"),
    "internal_review": ("awaiting", "waiting for an internal review"),
    "error_message": ("unknown", "a delivery error: no answer was received"),
    "requires_admin": ("unknown", "the request needs WhatDoTheyKnow's administrators"),
    "user_withdrawn": ("withdrawn", "withdrawn by the requester"),
    "attention_requested": ("unknown", "reported to WhatDoTheyKnow's administrators"),
    "vexatious": ("refused", "refused as vexatious"),
    "not_foi": ("unknown", "not a valid FOI request"),
}
# `calculated_state` adds what time says about a request still waiting.
OVERDUE = {"waiting_response_overdue", "waiting_response_very_overdue"}


class WdtkError(Exception):
    """WhatDoTheyKnow could not be read, with what to do."""


@dataclass
class Request:
    url: str
    title: str | None = None
    requester: str | None = None
    status: str = "unknown"
    status_note: str = ""
    sent: dt.date | None = None
    responses: list[tuple[dt.date, str]] = field(default_factory=list)  # (date, message anchor)
    body: str | None = None


def json_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise WdtkError(f"{url}: not a WhatDoTheyKnow request address (https://www.whatdotheyknow.com/request/…).")
    path = parts.path.rstrip("/")
    if not path.endswith(".json"):
        path += ".json"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def fetch(url: str, timeout: float = TIMEOUT) -> Request:
    """Read and map the request's JSON; at most `timeout` seconds for the whole answer."""
    address = json_url(url)
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(
        address, headers={"Accept": "application/json", "User-Agent": "site_builder draft"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 - http(s) only, checked above
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunk = answer.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_BYTES:
                    raise WdtkError(
                        f"{address}: the answer is over {MAX_BYTES // 1024 // 1024} MB; not a request's JSON."
                    )
                chunks.append(chunk)
    except (TimeoutError, OSError) as error:
        if isinstance(error, urllib.error.HTTPError):
            raise WdtkError(
                f"{address}: WhatDoTheyKnow answered {error.code} {error.reason}; check the address."
            ) from None
        if isinstance(error, TimeoutError) or "timed out" in str(error):
            raise WdtkError(
                f"{address}: no answer within {timeout:g} s. Try again later, or leave out --wdtk and fill in the "
                "request's address, status and dates by hand."
            ) from None
        reason = getattr(error, "reason", error)
        raise WdtkError(
            f"{address}: cannot be reached ({reason}). Leave out --wdtk to draft from the files alone."
        ) from None
    try:
        data = json.loads(b"".join(chunks))
    except (ValueError, UnicodeDecodeError):
        raise WdtkError(f"{address}: the answer is not JSON; is this a request's address?") from None
    if not isinstance(data, dict) or not isinstance(data.get("url_title"), str):
        raise WdtkError(f"{address}: the JSON is not a WhatDoTheyKnow request (no `url_title`).")
    return from_json(data)


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def from_json(data: dict[str, Any]) -> Request:
    url_title = data["url_title"]
    if not re.fullmatch(r"[a-z0-9_\-]+", url_title):
        raise WdtkError(f"the request's `url_title` {url_title[:80]!r} is not one WhatDoTheyKnow makes.")
    request = Request(url=f"{SITE}/request/{url_title}")
    request.title = data.get("title") if isinstance(data.get("title"), str) else None
    user = data.get("user")
    name = user.get("name") if isinstance(user, dict) else data.get("user_name")
    request.requester = name if isinstance(name, str) and name.strip() else None
    body = data.get("public_body")
    request.body = body.get("name") if isinstance(body, dict) and isinstance(body.get("name"), str) else None
    state = data.get("described_state")
    events = [e for e in data.get("info_request_events") or [] if isinstance(e, dict)]
    calculated = next((e.get("calculated_state") for e in reversed(events) if e.get("calculated_state")), None)
    if data.get("awaiting_description"):
        request.status, why = "awaiting_classification", "a reply came; the requester has not said what it was"
    elif state == "waiting_response" and calculated in OVERDUE:
        request.status, why = "overdue", "the authority's reply is overdue"
    elif isinstance(state, str) and state in STATUS:
        request.status, why = STATUS[state]
    else:
        request.status, why = "unknown", f"a state the register does not know ({str(state)[:40]})"
    shown = data.get("display_status")
    request.status_note = (
        f"WhatDoTheyKnow shows the request as {shown if isinstance(shown, str) else state} ({why}); read from its JSON."
    )
    for event in events:
        kind, day = event.get("event_type"), _date(event.get("created_at"))
        if day is None:
            continue
        if kind == "sent" and request.sent is None:
            request.sent = day
        if kind == "response":
            anchor = (
                f"#incoming-{event['incoming_message_id']}" if isinstance(event.get("incoming_message_id"), int) else ""
            )
            request.responses.append((day, anchor))
    return request
