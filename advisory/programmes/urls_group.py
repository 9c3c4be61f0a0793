"""The pages of a group programme's records around its joint meetings (advisory/programmes/views_group.py)."""

from django.urls import path

from advisory.programmes import views_group

urlpatterns = [
    path("<int:pk>/maal/", views_group.goals, name="goals"),
    path("<int:pk>/maal/<int:organisation_pk>/", views_group.goal_edit, name="goal_edit"),
    path(
        "<int:pk>/aktiviteter/<slug:key>/maal/<int:organisation_pk>/",
        views_group.goal_status_edit,
        name="goal_status_edit",
    ),
    path("<int:pk>/aktiviteter/<slug:key>/oensker/<int:organisation_pk>/", views_group.wish_edit, name="wish_edit"),
    path(
        "<int:pk>/aktiviteter/<slug:key>/deltagere/fra-opstartsmoedet/",
        views_group.kickoff_participants_book,
        name="kickoff_participants_book",
    ),
    path(
        "<int:pk>/proevehandlinger/<int:trial_pk>/sparring/",
        views_group.trial_action_detail,
        name="trial_action_detail",
    ),
]
