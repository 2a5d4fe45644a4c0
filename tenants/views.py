"""The association portal's public home page."""

from django.shortcuts import render

from .selectors import municipality_list


def portal_home(request):
    return render(
        request, "tenants/portal_home.html", {"municipalities": municipality_list(include_suspended=False)}
    )
