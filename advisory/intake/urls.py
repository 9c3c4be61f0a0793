from django.urls import path

from advisory.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.public_rounds, name="public_list"),
    path("<int:pk>/", views.register, name="register"),
    path("runder/", views.round_list, name="round_list"),
    path("runder/opret/", views.round_create, name="round_create"),
    path("runder/<int:pk>/", views.round_detail, name="round_detail"),
    path("runder/<int:pk>/rediger/", views.round_edit, name="round_edit"),
    path("optag/", views.year_plan_now, name="year_plan_now"),
    path("optag/<int:year>/", views.year_plan, name="year_plan"),
    path("optag/<int:year>/<slug:half>/", views.year_round, name="year_round"),
    path("venteliste/<str:token>/", views.waiting_list_confirm, name="waiting_list_confirm"),
]
