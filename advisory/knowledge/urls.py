from django.urls import path

from advisory.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.bank, name="bank"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/eksemplarisk/", views.exemplary, name="exemplary"),
    path("del/<int:trial_pk>/", views.share, name="share"),
    path("del/<int:trial_pk>/tilbagetraek/", views.withdraw, name="withdraw"),
]
