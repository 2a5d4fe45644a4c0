"""axe-core (bundled by the axe-playwright-python package, no network) run on a page in the browser."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
# WCAG 2.x A and AA rules, plus the best practices axe reports as serious or critical.
SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    """The serious and critical axe violations on the page as it is now, one line each."""
    results = _axe.run(page)
    return [
        f"{page.url} [{v['impact']}] {v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]
