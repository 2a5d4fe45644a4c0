from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "municipal_platform.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from municipal_platform import georgian
        from municipal_platform.middleware import connect_cache_invalidation

        connect_cache_invalidation()
        georgian.install()

        from municipal_platform.navigation import Entry, register
        from municipal_platform.roles import Role

        register(
            Entry(
                _("Users"),
                "staff_list",
                (Role.HEAD_OF_SERVICE,),
                _("The municipality's staff accounts and their roles"),
                side="municipality",
                last=True,
            )
        )
        register(
            Entry(
                _("Users"),
                "staff_list",
                (Role.PLATFORM_ADMIN,),
                _("Reviewers and administrators of the portal, and their roles"),
                side="association",
                last=True,
            )
        )
