from django.urls import path  # noqa: F401

app_name = "taskforce"
urlpatterns: list = []
