"""Who may open each URL: the rules every app declares, in one place the URL matrix test reads.

Every app with URLs has an ``access.py`` holding ``RULES``: a dict from the URL's full name
(``"feedback:report_detail"``, ``"api_me"``) to a `Rule`, or to `Sides` when the same name exists on both
sides (municipality host and association portal) with different readers. ``tests/isolation/
test_url_matrix.py`` walks both URLconfs, fails for any named URL without a rule, fills the path
parameters with real objects of two municipalities (the rule's ``objects``), and requests each URL as
every role, from the wrong host, with a foreign session or API token and anonymously, comparing every
answer with the rule. A rule states what the views enforce and DESIGN.md's role table allows; the views
keep their own checks (`roles.role_required`, `HasRole`, the services' `require_role`).

An app's ``access.py`` may also hold ``examples(*, municipality)``, which makes one of each object its
finders look for (the test runs it in both municipalities and empties the app's tables afterwards).

A rule's readers are role names or the markers `ANYONE` (no login needed) and `SIGNED_IN` (any user of
the host's schema). As DESIGN.md says, the head of service may do everything a municipal role may (never
what only the council member may: that role is read-only) and the platform administrator everything an
association role may: `allows` applies that once, so a rule names the roles the view names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType, ModuleType

from django.apps import apps

from .roles import ASSOCIATION_ROLES, MUNICIPALITY_ROLES, Role

ANYONE = "anyone"
SIGNED_IN = "signed_in"

Who = frozenset[str]
NOBODY: Who = frozenset()
EVERYONE: Who = frozenset({ANYONE})
STAFF: Who = frozenset({SIGNED_IN})

MUNICIPALITY = "municipality"
PORTAL = "portal"

# Objects for the path parameters: a function run inside the host's schema that returns, per label,
# the URL's keyword arguments for a real object ({"draft": {"pk": 3}, "published": {"pk": 4}}).
ObjectFinder = Callable[[], Mapping[str, Mapping[str, object]]]


def who(*names: str) -> Who:
    return frozenset(str(n) for n in names)


@dataclass(frozen=True)
class Rule:
    """Who may open one URL on one side.

    read: who gets the page on GET (NOBODY for a URL that only takes POST: every GET is refused).
    post / patch: who may send it (an empty body is answered, not refused); everyone else is refused
    and nothing is written.
    objects: the path parameters' real objects, per label (see `ObjectFinder`); `per_object` narrows
    `read` for one label (the object rule: a council member reads only published reports, citizens
    only published ones, a draft's public page is not found).
    token_only: the URL authenticates by API token only (a session is not enough).
    reach: whether the head's (and platform administrator's) reach applies; False where the object is
    the named role's own (an import upload is its uploader's).
    query: a query string the URL needs to answer (a period, a year).
    """

    read: Who = NOBODY
    post: Who = NOBODY
    patch: Who = NOBODY
    objects: ObjectFinder | None = None
    per_object: Mapping[str, Who] = field(default_factory=lambda: MappingProxyType({}))
    token_only: bool = False
    reach: bool = True
    query: str = ""
    note: str = ""

    def passes(self, method: str, label: str, roles: Iterable[str] | None) -> bool:
        """Whether a visitor holding ``roles`` in the host's schema may send ``method`` for this object:
        the method's readers allow them, and the object rule too (`per_object` only narrows)."""
        declared = {"get": self.read, "post": self.post, "patch": self.patch}[method]
        if not allows(declared, roles, reach=self.reach):
            return False
        return label not in self.per_object or allows(self.per_object[label], roles, reach=self.reach)


@dataclass(frozen=True)
class Sides:
    """One URL name with its own rule on each side (shared patterns such as the staff pages)."""

    municipality: Rule | None = None
    portal: Rule | None = None

    def on(self, side: str) -> Rule | None:
        return self.municipality if side == MUNICIPALITY else self.portal


_MUNICIPAL = frozenset(str(r) for r in MUNICIPALITY_ROLES)
_ASSOCIATION = frozenset(str(r) for r in ASSOCIATION_ROLES)


def allows(readers: Who, roles: Iterable[str] | None, *, reach: bool = True) -> bool:
    """Whether a visitor holding ``roles`` in the host's schema (None: not signed in there) may pass.

    DESIGN.md: the head of service does everything a municipal role does except the council member's
    read-only role; the platform administrator everything an association role does.
    """
    if ANYONE in readers:
        return True
    if roles is None:
        return False
    held = frozenset(roles)
    if SIGNED_IN in readers or held & readers:
        return True
    if not reach:
        return False
    if Role.HEAD_OF_SERVICE in held and readers & (_MUNICIPAL - {str(Role.COUNCIL_MEMBER)}):
        return True
    return Role.PLATFORM_ADMIN in held and bool(readers & _ASSOCIATION)


def first(
    model_path: str, *, param: str = "pk", attr: str = "pk", label: str = "", **filters
) -> ObjectFinder:
    """An `ObjectFinder` for one parameter: the first row of ``model_path`` ("app.Model") matching ``filters``."""

    def find() -> Mapping[str, Mapping[str, object]]:
        model = apps.get_model(model_path)
        row = model._default_manager.filter(**filters).order_by("pk").first()
        assert row is not None, f"no {model_path} matching {filters} in this schema"
        return {label: {param: getattr(row, attr)}}

    return find


def fixed(**kwargs: object) -> ObjectFinder:
    """Parameters with fixed values (an export format, a URL that needs no real object)."""
    return lambda: {"": kwargs}


def _modules() -> Iterator[tuple[str, ModuleType]]:
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.access")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.access":
                raise
            continue
        yield config.label, module


def example_builders() -> list[Callable[..., None]]:
    """Each app's ``examples(*, municipality)``: makes, in the current schema, one of every object its
    rules' finders look for (the URL matrix test runs them in two municipalities, in app order)."""
    return [module.examples for _label, module in _modules() if hasattr(module, "examples")]


def example_apps() -> tuple[str, ...]:
    """The labels of the apps with examples (their tables are emptied after the matrix test)."""
    return tuple(label for label, module in _modules() if hasattr(module, "examples"))


def rules() -> dict[str, Rule | Sides]:
    """Every app's ``RULES`` merged (a name declared twice is an error)."""
    merged: dict[str, Rule | Sides] = {}
    for _label, module in _modules():
        for name, rule in getattr(module, "RULES", {}).items():
            assert name not in merged, f"URL {name} has a rule in two apps"
            merged[name] = rule
    return merged


def rule_for(name: str, side: str, declared: Mapping[str, Rule | Sides] | None = None) -> Rule | None:
    declared = rules() if declared is None else declared
    rule = declared.get(name)
    if rule is None and ":" in name:
        rule = declared.get(name.split(":", 1)[0] + ":*")  # a whole namespace (Django's admin)
    return rule.on(side) if isinstance(rule, Sides) else rule
