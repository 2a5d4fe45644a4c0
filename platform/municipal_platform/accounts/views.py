"""Login, logout and the landing page each role sees after login."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit

from municipal_platform.roles import user_roles


def _rate_per_ip(group, request) -> str:
    return settings.LOGIN_RATE_PER_IP


def _rate_per_username(group, request) -> str:
    return settings.LOGIN_RATE_PER_USERNAME


@method_decorator(ratelimit(key="ip", rate=_rate_per_ip, method="POST", block=False), name="post")
@method_decorator(ratelimit(key="post:username", rate=_rate_per_username, method="POST", block=False), name="post")
class LoginView(auth_views.LoginView):
    """Django's login, with attempts limited per client and per username (the cache keeps the counts)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            # Do not even check the password: a guessing script learns nothing more.
            context = self.get_context_data(form=self.get_form_class()(request), rate_limited=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)


@login_required
def dashboard(request):
    return render(request, "platform/dashboard.html", {"has_roles": bool(user_roles(request.user))})
