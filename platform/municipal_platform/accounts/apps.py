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
