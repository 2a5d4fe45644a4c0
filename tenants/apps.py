from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Municipalities")

    def ready(self) -> None:
        from municipal_platform import pooler  # noqa: F401  (registers the connection pooler's start-up check)
        from municipal_platform.navigation import Entry, register
        from municipal_platform.roles import Role

        register(
            Entry(
                _("Municipalities"),
                "tenants:municipalities",
                (Role.PLATFORM_ADMIN,),
                _("Create municipalities, suspend and resume them, delete trial ones"),
                side="association",
            )
        )
