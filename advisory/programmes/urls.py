from django.urls import path

from advisory.programmes import views, views_booking, views_slots

app_name = "programmes"
# "opret/" (programmes:create), creating a programme directly, is the requests app's page: a taskforce programme
# takes a slot in its season. config/urls.py mounts it among these (advisory.requests.urls.programme_urlpatterns).
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/flyt/", views.programme_move, name="move"),
    path("<int:pk>/succeskriterier/", views.criteria_overview, name="criteria"),
    path("<int:pk>/afslut/", views.programme_complete, name="complete"),
    path("<int:pk>/version/<int:version_pk>/", views.version_change, name="version_change"),
    path("<int:pk>/book-hold/", views_booking.team_booking, name="team_booking"),
    path("<int:pk>/proevehandlinger/", views.trial_actions, name="trial_actions"),
    path("<int:pk>/proevehandlinger/ny/", views.trial_action_edit, name="trial_action_create"),
    path("<int:pk>/proevehandlinger/<int:trial_pk>/", views.trial_action_edit, name="trial_action_edit"),
    path("<int:pk>/aktiviteter/<slug:key>/", views.activity_detail, name="activity"),
    path("<int:pk>/aktiviteter/<slug:key>/deltagere/", views.meeting_booking, name="meeting_booking"),
    path("<int:pk>/aktiviteter/<slug:key>/opdater/", views.activity_update, name="activity_update"),
    path("<int:pk>/aktiviteter/<slug:key>/tider/", views_slots.slot_offers, name="slot_offers"),
    path("<int:pk>/aktiviteter/<slug:key>/lukkeperiode/", views.soft_period_accept, name="soft_period_accept"),
    path(
        "<int:pk>/aktiviteter/<slug:key>/succeskriterier/<int:index>/<int:organisation_pk>/",
        views.criterion_assess,
        name="criterion_assess",
    ),
]

# A group programme's goals, statuses at the meetings, wishes before them, and feedback on trial actions.
from advisory.programmes.urls_group import urlpatterns as group_urlpatterns  # noqa: E402

urlpatterns += group_urlpatterns
