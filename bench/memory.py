"""Peak memory of a process and of every process it starts (Pagefind's included), from /proc.

`ru_maxrss` of the build's own process leaves out its children: Pagefind, the largest process of
a build at every size, and the workers that read records. Here the tree under a process is
sampled every `interval` seconds while it runs: at each sample the memory of every process in it
(its proportional set size, see `_rss`) is read from /proc, and the figures kept are the largest sum over the tree (what
the machine had to hold at once) and the largest single process, with its name. A peak shorter
than the interval can be missed; the sum of `ru_maxrss` values would overstate, since the
processes do not all peak at once. Off Linux (no /proc) every figure is None.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _tree(root: int) -> dict[int, str]:
    """Every live process under `root` (itself included), with its command name."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: the name may hold spaces and parentheses, so split after it.
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)], names[int(entry.name)] = int(fields[1]), name
    found = {root}
    grew = True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in found and pid not in found}
        found |= more
        grew = bool(more)
    return {pid: names.get(pid, "?") for pid in found if pid in names}


def _rss(pid: int) -> int:
    """The process's proportional set size (PSS: its own pages, plus its share of pages it shares
    with others, such as a forked worker's pages still shared with its parent), or its RSS where
    the kernel does not say PSS. Summed over a tree, PSS counts a shared page once; RSS would count
    it in every process that maps it."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


class TreeSampler:
    """Samples the process tree under `pid` on a thread until `stop()`."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval = pid, interval
        self.peak_total = 0
        self.peak_single = 0
        self.peak_single_name = ""
        self.peak_by_name: dict[str, int] = {}
        self.samples = 0
        self.available = Path("/proc/self/statm").exists()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> TreeSampler:
        if self.available:
            self._thread.start()
        return self

    def _run(self) -> None:
        while not self._done.is_set():
            total = 0
            for pid, name in _tree(self.pid).items():
                rss = _rss(pid)
                total += rss
                self.peak_by_name[name] = max(self.peak_by_name.get(name, 0), rss)
                if rss > self.peak_single:
                    self.peak_single, self.peak_single_name = rss, name
            self.peak_total = max(self.peak_total, total)
            self.samples += 1
            self._done.wait(self.interval)

    def stop(self) -> dict[str, Any]:
        self._done.set()
        if self.available:
            self._thread.join()
        if not self.available or not self.samples:
            return {"tree_peak_kb": None, "largest_process_kb": None, "largest_process": None, "by_name_kb": {}}
        return {
            "tree_peak_kb": self.peak_total // 1024,
            "largest_process_kb": self.peak_single // 1024,
            "largest_process": self.peak_single_name,
            "by_name_kb": {name: rss // 1024 for name, rss in sorted(self.peak_by_name.items())},
        }
