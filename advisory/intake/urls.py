from django.urls import path

from advisory.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.public_rounds, name="public_list"),
    path("<int:pk>/", views.register, name="register"),
    path("runder/", views.round_list, name="round_list"),
    path("runder/opret/", views.round_create, name="round_create"),
    path("runder/<int:pk>/", views.round_detail, name="round_detail"),
]
