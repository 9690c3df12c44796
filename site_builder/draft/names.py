"""Systems, tools and suppliers a reply names: the names the register already knows (its records,
reports and `content/systems.yaml` with its aliases) wherever the reply uses them, and other
product-like names listed for a person to review."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records import read_document
from .read import Paragraph


@dataclass(frozen=True)
class Name:
    name: str  # the register's name for it (or the reply's, for a new name)
    as_written: str
    role: str  # system, supplier, partner or new
    place: str
    sentence: str


def key(text: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(re.findall(r"[^\W_]+", folded.casefold()))


def _words(text: str) -> list[tuple[str, int, int]]:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if len(folded) != len(text):  # accents split off: positions would drift, so match on the plain text
        folded = text
    return [(m.group().casefold(), m.start(), m.end()) for m in re.finditer(r"[^\W_]+", folded)]


# Words that describe a kind of system rather than name one: a "name" made only of these (a record's
# `Predictive analytics`) would match every reply that repeats the question.
GENERIC = set(
    """a an and or of for the in data analytics analytic analysis predictive artificial intelligence ai machine
    learning model models modelling system systems software tool tools dashboard dashboards case management risk
    algorithm algorithms algorithmic automated automation decision making platform database reporting report
    reports statistical statistics performance social care children childrens s services service early help
    information technology it""".split()  # noqa: SIM905 - a list of words is easier to read as words
)


def _generic(name: str) -> bool:
    return all(w in GENERIC for w in re.findall(r"[a-z0-9]+", name.casefold()))


class Known:
    """Every name the register knows, by key, with its role and the register's spelling."""

    def __init__(self, names: Iterable[tuple[str, str, str]] = ()) -> None:
        self.by_key: dict[str, tuple[str, str]] = {}
        for name, canonical, role in names:
            k = key(name)
            if len(k) >= 4 and not k.isdigit() and not _generic(name):
                current = self.by_key.get(k)
                if current is None or (current[1] != "system" and role == "system"):
                    self.by_key[k] = (canonical, role)

    @classmethod
    def from_content(cls, content: Path) -> Known:
        names: list[tuple[str, str, str]] = []
        systems, _ = read_document(content / "systems.yaml") if (content / "systems.yaml").is_file() else (None, [])
        data: dict[str, Any] = systems.data if systems is not None and isinstance(systems.data, dict) else {}
        for entry in data.get("systems") or []:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                names += [
                    (n, entry["name"], "system")
                    for n in [entry["name"], *(entry.get("aliases") or [])]
                    if isinstance(n, str)
                ]
                if isinstance(entry.get("supplier"), str):
                    names.append((entry["supplier"], entry["supplier"], "supplier"))
        for entry in data.get("suppliers") or []:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                names += [
                    (n, entry["name"], "supplier")
                    for n in [entry["name"], *(entry.get("aliases") or [])]
                    if isinstance(n, str)
                ]
        for path in sorted((content / "responses").glob("*/*.yaml")):
            doc, _ = read_document(path)
            if doc is None or not isinstance(doc.data, dict):
                continue
            for item in doc.data.get("systems") or []:
                if isinstance(item, dict):
                    names += [
                        (item[k], item[k], role)
                        for k, role in (("name", "system"), ("supplier", "supplier"))
                        if isinstance(item.get(k), str)
                    ]
            for item in doc.data.get("partnerships") or []:
                if isinstance(item, dict):
                    names += [(p, p, "partner") for p in item.get("partners") or [] if isinstance(p, str)]
        for path in sorted((content / "reports").glob("*.yaml")):
            doc, _ = read_document(path)
            if doc is None or not isinstance(doc.data, dict):
                continue
            for item in doc.data.get("findings") or []:
                if isinstance(item, dict):
                    names += [
                        (item[k], item[k], role)
                        for k, role in (("system", "system"), ("supplier", "supplier"))
                        if isinstance(item.get(k), str)
                    ]
        return cls(names)

    def find(self, paragraphs: list[Paragraph]) -> list[Name]:
        """Every known name, longest first where two overlap, at its first place."""
        if not hasattr(self, "_prefixes"):
            self._prefixes = {k[:n] for k in self.by_key for n in range(1, len(k) + 1)}
        out: dict[str, Name] = {}
        for paragraph in paragraphs:
            words = _words(paragraph.text)
            i = 0
            while i < len(words):
                k, best = "", 0
                for n in range(i, len(words)):  # grow the key word by word while some name starts so
                    k += words[n][0]
                    if k not in self._prefixes:
                        break
                    if k in self.by_key:
                        best = n - i + 1
                if best:
                    hit = self.by_key["".join(w for w, _, _ in words[i : i + best])]
                    written = re.sub(r"\s+", " ", paragraph.text[words[i][1] : words[i + best - 1][2]])
                    if hit[0] not in out:
                        out[hit[0]] = Name(
                            hit[0], written, hit[1], paragraph.place, _sentence(paragraph.text, words[i][1])
                        )
                    i += best
                else:
                    i += 1
        return list(out.values())


def _sentence(text: str, index: int) -> str:
    start = max(text.rfind(". ", 0, index) + 2, text.rfind("\n", 0, index) + 1, 0)
    stop = text.find(". ", index)
    return re.sub(r"\s+", " ", text[start : stop + 1 if stop != -1 else len(text)]).strip()


_NAME = r"[A-Z][\w'’&\-]*(?:\s+(?:(?:of|for|and|the|&)\s+)?[A-Z][\w'’&\-]*){0,6}"
_NEW = (
    re.compile(r"\b(?:[a-z]+[A-Z][A-Za-z]+|[A-Z][a-z]+[A-Z][A-Za-z]*)\b"),  # iBase, PowerBi, QlikView
    re.compile(
        rf"\b(?:supplied|provided|developed|built|produced|licensed|hosted|led|run|delivered)\s+by\s+(?P<name>{_NAME})"
    ),
    re.compile(rf"(?P<name>{_NAME})\s+(?:Ltd|Limited|plc|PLC|Inc|LLP)\b"),
    re.compile(
        rf"(?P<name>{_NAME})\s+(?:system|software|platform|database|dashboards?|tool|model|application|product)s?\b"
    ),
)
_OFFICE = {
    "powerpoint",
    "excel",
    "word",
    "outlook",
    "youtube",
    "linkedin",
    "facebook",
    "twitter",
    "ipad",
    "dob",
    "dobs",
    "email",
}
_NOT_NEW = re.compile(
    r"(?i)\b(?:these|those|there|here|its|council|act|commissioner|regulations?|department|government|freedom|information|dear|yours|"
    r"data protection|foi|request|borough|county|city|the|this|our|we|your|please|any|all|ltd|limited)\b"
)


def new_names(paragraphs: list[Paragraph], known: Known, limit: int = 25) -> list[Name]:
    """Product-like names the register does not know yet, for a person to review."""
    out: dict[str, Name] = {}
    for paragraph in paragraphs:
        text = paragraph.text
        for pattern in _NEW:
            for match in pattern.finditer(text):
                name = re.sub(r"\s+", " ", match.groupdict().get("name") or match.group()).strip(" -’'")
                name = re.sub(r"[\-–]+\s*[A-Z]{2,6}$", "", name).strip(" -")  # "… Care- WWCS"
                before, after = text[max(0, match.start() - 1) : match.start()], text[match.end() : match.end() + 2]
                if before in ("/", ".", "@", "=", "%") or after[:1] in ("@", "/") or re.match(r"\.[A-Za-z]", after):
                    continue  # part of an e-mail address or a link
                k = key(name)
                if (k.endswith("s") and k[:-1] in known.by_key) or k in _OFFICE:
                    continue
                if (
                    len(k) < 3
                    or k in known.by_key
                    or k in out
                    or (_NOT_NEW.fullmatch(name) or _NOT_NEW.search(name.split()[0]))
                ):
                    continue
                if any(k in other or other in k for other in known.by_key if len(other) >= 5):
                    continue
                out[k] = Name(name, name, "new", paragraph.place, _sentence(text, match.start()))
                if len(out) >= limit:
                    return list(out.values())
    return list(out.values())
