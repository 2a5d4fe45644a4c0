"""Login, logout and the landing page each role sees after login."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from municipal_platform.roles import user_roles


@login_required
def dashboard(request):
    return render(request, "platform/dashboard.html", {"has_roles": bool(user_roles(request.user))})
