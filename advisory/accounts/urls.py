from django.urls import path

from advisory.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("tokens/<int:pk>/tilbagekald/", views.token_revoke, name="token_revoke"),
]
