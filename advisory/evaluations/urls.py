from django.urls import path

from advisory.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("<int:activity_pk>/", views.answer, name="answer"),
    path("forloeb/<int:programme_pk>/", views.results, name="results"),
]
