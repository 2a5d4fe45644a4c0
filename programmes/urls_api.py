from django.urls import path  # noqa: F401

app_name = "programmes_api"
urlpatterns: list = []
