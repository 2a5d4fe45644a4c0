"""Which cells of a published table to hide (small counts and the cells that would give them back), and
the dotted paths of what was hidden. Every module's public figures use it: feedback, child and family
support (programmes' summary hides by the ledger's released periods, see ledger.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class Suppression:
    """Which published cells to hide. A cell between 1 and threshold-1 is hidden (primary); then, until
    nothing changes, every published sum (a total and the cells that add up to it) that would have exactly
    one hidden figure gets a second one hidden (the smallest other non-zero cell, or the total), so no
    hidden cell is ever ``total - sum(visible cells)``. Cells that are never published (e.g. women among
    the responses with no service) count as hidden when they are not zero."""

    def __init__(self, threshold: int):
        self.threshold = threshold
        self.value: dict[Any, int] = {}
        self.hidden: set[Any] = set()
        self.groups: list[tuple[Any, list[Any]]] = []
        self.pairs: list[tuple[Any, ...]] = []
        self.implied: list[tuple[Any, tuple[Any, ...]]] = []

    def add(self, key, n: int | None, *, published: bool = True) -> None:
        self.value[key] = n or 0
        if (0 < self.value[key] < self.threshold) or (not published and self.value[key]):
            self.hidden.add(key)

    def group(self, total, cells: list) -> None:
        self.groups.append((total, cells))

    def together(self, *keys) -> None:
        """Hide these together: when one is hidden, all are."""
        self.pairs.append(keys)

    def hides(self, key, *others) -> None:
        """When ``key`` is hidden, so are ``others`` (they are shown only with it)."""
        self.implied.append((key, others))

    def _complete(self, total, cells: list) -> bool:
        hidden_cells = [k for k in cells if k in self.hidden]
        unknown = len(hidden_cells) + (total in self.hidden)
        if unknown == 1:
            candidates = sorted(
                (self.value[k], i, k)
                for i, k in enumerate(cells)
                if k not in self.hidden and self.value[k] > 0
            )
            extra = candidates[0][2] if candidates else total
            if extra in self.hidden:
                return False  # every other cell is zero: the one hidden figure is then zero too
            self.hidden.add(extra)
            return True
        if len(hidden_cells) == 1 and self.value[total] > 0:
            # the total is hidden too; when every other cell shows 0, everyone counted in the total is in
            # the one hidden cell (e.g. all of a small service's respondents are women): hide a zero too
            zeros = [k for k in cells if k not in self.hidden]
            if zeros and all(self.value[k] == 0 for k in zeros):
                self.hidden.add(zeros[0])
                return True
        return False

    def run(self) -> None:
        changed = True
        while changed:
            changed = False
            for keys in self.pairs:
                if any(k in self.hidden for k in keys) and not all(k in self.hidden for k in keys):
                    self.hidden.update(keys)
                    changed = True
            for key, others in self.implied:
                if key in self.hidden and not all(k in self.hidden for k in others):
                    self.hidden.update(others)
                    changed = True
            for total, cells in self.groups:
                changed = self._complete(total, cells) or changed

    def get(self, key) -> int | None:
        return None if key in self.hidden else self.value[key]


def hidden_keys(figures: Any, prefix: str = "") -> list[str]:
    """Dotted paths of the withheld figures (None) in a published view, e.g. ``services.2.women``.

    Small cells and the cells hidden with them are listed alike, so a reader cannot tell them apart."""
    keys: list[str] = []
    items: Iterable[tuple[Any, Any]]
    if isinstance(figures, dict):
        items = figures.items()
    elif isinstance(figures, list):
        items = enumerate(figures)
    else:
        return keys
    for k, v in items:
        if k in ("hidden", "period", "threshold"):
            continue
        path = f"{prefix}{k}"
        if v is None:
            keys.append(path)
        else:
            keys.extend(hidden_keys(v, path + "."))
    return keys
