from django.urls import path

from advisory.overview import views

app_name = "overview"
urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("kapacitet/", views.capacity, name="capacity"),
    path("raekkevidde/", views.reach, name="reach"),
    path("eksport/forloeb.<slug:fmt>", views.export_programmes, name="export_programmes"),
    path("eksport/kapacitet.<slug:fmt>", views.export_capacity, name="export_capacity"),
    path("eksport/raekkevidde.<slug:fmt>", views.export_reach, name="export_reach"),
]
