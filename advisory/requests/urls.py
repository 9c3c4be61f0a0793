from django.urls import path

from advisory.requests import views

app_name = "requests"
urlpatterns = [
    path("", views.index, name="index"),
    path("interesse/", views.interest_list, name="interest_list"),
    path("interesse/ny/", views.interest_create, name="interest_create"),
    path("interesse/<int:pk>/", views.interest_detail, name="interest_detail"),
    path("taskforce/", views.taskforce_list, name="taskforce_list"),
    path("taskforce/ny/", views.request_create, name="request_create"),
    path("taskforce/<int:pk>/", views.request_detail, name="request_detail"),
    path("saesoner/<int:pk>/", views.season_detail, name="season_detail"),
    path("saesoner/<int:pk>/ryk-op/", views.season_move_up, name="season_move_up"),
]

# Creating a programme directly (not from interest or a request), under the programmes' address and name:
# /forloeb/opret/, programmes:create. config/urls.py mounts these among the programme pages.
programme_urlpatterns = [
    path("opret/", views.programme_create, name="create"),
]
