"""Every write of child and family cases: one function per use case (docs/architecture.md)."""

from .aid import *  # noqa: F403
from .cases import *  # noqa: F403
from .referrals import *  # noqa: F403
