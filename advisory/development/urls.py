from django.urls import path

from advisory.development import views

app_name = "development"
urlpatterns = [
    path("forloeb/<int:programme_pk>/", views.programme_overview, name="programme"),
    path("forloeb/<int:programme_pk>/afdaekning/<slug:prerequisite>/", views.mapping_edit, name="mapping_edit"),
    path("forloeb/<int:programme_pk>/anbefalinger/ny/", views.recommendation_create, name="recommendation_create"),
    path("anbefalinger/<int:pk>/rediger/", views.recommendation_edit, name="recommendation_edit"),
    path("anbefalinger/<int:pk>/slet/", views.recommendation_delete, name="recommendation_delete"),
    path("anbefalinger/<int:pk>/flyt/", views.recommendation_move, name="recommendation_move"),
    path("forloeb/<int:programme_pk>/udviklingspunkter/ny/", views.point_create, name="point_create"),
    path("udviklingspunkter/<int:pk>/rediger/", views.point_edit, name="point_edit"),
    path("udviklingspunkter/<int:pk>/slet/", views.point_delete, name="point_delete"),
    path("udviklingspunkter/<int:point_pk>/maal/ny/", views.goal_create, name="goal_create"),
    path("maal/<int:pk>/rediger/", views.goal_edit, name="goal_edit"),
    path("maal/<int:pk>/slet/", views.goal_delete, name="goal_delete"),
    path("maal/<int:goal_pk>/noter/ny/", views.note_create, name="note_create"),
    path("noter/<int:pk>/kommentar/", views.note_comment, name="note_comment"),
    path("noter/<int:pk>/slet/", views.note_delete, name="note_delete"),
    path("forloeb/<int:programme_pk>/udviklingsplan/", views.plan, name="plan"),
    path("udviklingspunkter/<int:point_pk>/handlinger/ny/", views.action_create, name="action_create"),
    path("handlinger/<int:pk>/rediger/", views.action_edit, name="action_edit"),
    path("handlinger/<int:pk>/slet/", views.action_delete, name="action_delete"),
]

# The collaboration agreement, the ratings and the anchoring plan.
from advisory.development.urls_agreement import urlpatterns as agreement_urlpatterns  # noqa: E402

urlpatterns += agreement_urlpatterns
