from django.urls import path

from advisory.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("boformer/opret/", views.shelter_create, name="shelter_create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/rediger/", views.organisation_edit, name="edit"),
    path("<int:pk>/personer/tilfoej/", views.membership_add, name="membership_add"),
    path("<int:pk>/personer/<int:membership_pk>/fjern/", views.membership_remove, name="membership_remove"),
    path("<int:pk>/invitationer/<int:invitation_pk>/tilbagekald/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.invitation_answer, name="invitation"),
]
