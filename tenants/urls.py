"""The platform administrator's pages on the association portal (public schema)."""

from django.urls import path

from . import views

app_name = "tenants"
urlpatterns = [
    path("", views.municipality_list, name="municipalities"),
    path("new/", views.municipality_create, name="municipality_create"),
    path("<slug:slug>/", views.municipality_detail, name="municipality_detail"),
    path("<slug:slug>/suspend/", views.municipality_suspend, name="municipality_suspend"),
    path("<slug:slug>/resume/", views.municipality_resume, name="municipality_resume"),
    path("<slug:slug>/delete/", views.municipality_delete, name="municipality_delete"),
]
