"""Time the stages of a register build by wrapping the plugin's event methods and site_builder functions.

Each timed call is charged to a stage label; time spent inside a nested timed call is charged to
the inner label only (self time), so the stages never count the same second twice and
"MkDocs render" is simply the build's wall time less every plugin stage.

- load_validate: `site_builder.validate.load_content` (reading YAML, schemas, cross-record checks).
- page_generation: every `RegisterPlugin.on_*` event except `on_post_build`, less the above: building
  the dataset, rendering council pages and blocks with Jinja2.
- downloads: public functions of a `site_builder` module whose name mentions download/export.
- pagefind: public functions of a `site_builder` module whose name mentions search/pagefind, and
  the methods of `pagefind.index.PagefindIndex`.
- post_build_other: what is left of `on_post_build`.

Stages whose code does not exist yet are reported as None ("n/a").
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from types import ModuleType
from typing import Any

STAGES = ("load_validate", "page_generation", "mkdocs_render", "downloads", "pagefind", "post_build_other")
_MODULE_STAGES = {
    "download": "downloads",
    "export": "downloads",
    "search": "pagefind",
    "pagefind": "pagefind",
}


class Timer:
    """Self time per label, and how many calls each label had."""

    def __init__(self) -> None:
        self.self_time: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.events: dict[str, float] = defaultdict(float)
        self._stack: list[list[Any]] = []

    def enter(self, label: str) -> None:
        self._stack.append([label, time.perf_counter(), 0.0])

    def leave(self) -> float:
        label, start, inner = self._stack.pop()
        elapsed = time.perf_counter() - start
        self.self_time[label] += elapsed - inner
        self.calls[label] += 1
        if self._stack:
            self._stack[-1][2] += elapsed
        return elapsed

    def wrap(self, func: Callable[..., Any], label: str, event: str | None = None) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def timed_async(*args: Any, **kwargs: Any) -> Any:
                # Awaits can overlap (gather); time only the outermost one of a label.
                if self._stack and self._stack[-1][0] == label:
                    return await func(*args, **kwargs)
                self.enter(label)
                try:
                    return await func(*args, **kwargs)
                finally:
                    self.leave()

            return timed_async

        @functools.wraps(func)  # keeps `mkdocs_priority` from @event_priority
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.enter(label)
            try:
                return func(*args, **kwargs)
            finally:
                elapsed = self.leave()
                if event:
                    self.events[event] += elapsed

        return timed


def _rebind(original: Any, wrapped: Any) -> None:
    """Point every site_builder module's name for `original` at `wrapped` (covers `from x import f`)."""
    for name, module in list(sys.modules.items()):
        if name == "site_builder" or name.startswith("site_builder."):
            for attr, value in list(vars(module).items()):
                if value is original:
                    setattr(module, attr, wrapped)


def _wrap_module(timer: Timer, module: ModuleType, label: str) -> list[str]:
    wrapped = []
    for name, value in list(vars(module).items()):
        if name.startswith("_"):
            continue
        if inspect.isfunction(value) and value.__module__ == module.__name__:
            _rebind(value, timer.wrap(value, label))
            wrapped.append(f"{module.__name__}.{name}")
        elif inspect.isclass(value) and value.__module__ == module.__name__:
            for attr, member in list(vars(value).items()):
                if inspect.isfunction(member) and not attr.startswith("_"):
                    setattr(value, attr, timer.wrap(member, label))
                    wrapped.append(f"{module.__name__}.{name}.{attr}")
    return wrapped


def install(timer: Timer) -> dict[str, list[str]]:
    """Wrap what exists; must run before `load_config`, which binds the plugin's event methods."""
    import site_builder

    found: dict[str, list[str]] = defaultdict(list)
    for info in pkgutil.iter_modules(site_builder.__path__):
        importlib.import_module(f"site_builder.{info.name}")
    from site_builder import plugin, validate

    load_content = validate.load_content
    _rebind(load_content, timer.wrap(load_content, "load_validate"))
    found["load_validate"].append("site_builder.validate.load_content")
    for info in pkgutil.iter_modules(site_builder.__path__):
        stage = next((s for key, s in _MODULE_STAGES.items() if key in info.name), None)
        if stage:
            found[stage] += _wrap_module(timer, sys.modules[f"site_builder.{info.name}"], stage)
    try:
        from pagefind.index import PagefindIndex
    except ImportError:  # pragma: no cover - pagefind is a dependency, but may be absent
        PagefindIndex = None  # noqa: N806
    if PagefindIndex is not None:
        for attr, member in list(vars(PagefindIndex).items()):
            if inspect.iscoroutinefunction(member):
                setattr(PagefindIndex, attr, timer.wrap(member, "pagefind"))
    cls = plugin.RegisterPlugin
    for attr, member in list(vars(cls).items()):
        if attr.startswith("on_") and inspect.isfunction(member):
            label = "post_build_other" if attr == "on_post_build" else "page_generation"
            setattr(cls, attr, timer.wrap(member, label, event=attr))
            found[label].append(f"RegisterPlugin.{attr}")
    return dict(found)


def breakdown(timer: Timer, total: float, found: dict[str, list[str]]) -> dict[str, float | None]:
    """Seconds per stage; None for a stage with no code to time (not built yet)."""
    out: dict[str, float | None] = {}
    for stage in STAGES:
        if stage == "mkdocs_render":
            continue
        exists = bool(found.get(stage)) or timer.calls.get(stage, 0) > 0
        out[stage] = timer.self_time.get(stage, 0.0) if exists else None
    if "RegisterPlugin.on_post_build" in found.get("post_build_other", []):
        out["post_build_other"] = timer.self_time.get("post_build_other", 0.0)
    out["mkdocs_render"] = total - sum(v for v in out.values() if v)
    return {s: out[s] for s in STAGES}
