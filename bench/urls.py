"""The product's URLs plus the floor: a minimal view rendering a trivial template (benchmark only)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


def floor(request: HttpRequest) -> HttpResponse:
    return render(request, "bench/floor.html", {"greeting": "Hej"})


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("config.urls")),
]
