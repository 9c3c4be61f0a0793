from django.urls import path

from advisory.taskforce import views

app_name = "taskforce"
urlpatterns = [
    path("forloeb/<int:programme_pk>/", views.overview, name="overview"),
    path("forloeb/<int:programme_pk>/dataindsamling/", views.data_items, name="data_items"),
    path("forloeb/<int:programme_pk>/dataindsamling/ny/", views.data_item_edit, name="data_item_create"),
    path("forloeb/<int:programme_pk>/dataindsamling/<int:item_pk>/", views.data_item_edit, name="data_item_edit"),
    path(
        "forloeb/<int:programme_pk>/dataindsamling/<int:item_pk>/slet/", views.data_item_delete, name="data_item_delete"
    ),
    path("forloeb/<int:programme_pk>/praesentationer/", views.presentations, name="presentations"),
    path("forloeb/<int:programme_pk>/praesentationer/ny/", views.presentation_edit, name="presentation_create"),
    path(
        "forloeb/<int:programme_pk>/praesentationer/<int:presentation_pk>/",
        views.presentation_edit,
        name="presentation_edit",
    ),
    path(
        "forloeb/<int:programme_pk>/praesentationer/<int:presentation_pk>/slet/",
        views.presentation_delete,
        name="presentation_delete",
    ),
    path("forloeb/<int:programme_pk>/laeringsaktiviteter/", views.learning_activities, name="learning_activities"),
    path(
        "forloeb/<int:programme_pk>/laeringsaktiviteter/ny/",
        views.learning_activity_edit,
        name="learning_activity_create",
    ),
    path(
        "forloeb/<int:programme_pk>/laeringsaktiviteter/<int:learning_pk>/",
        views.learning_activity_edit,
        name="learning_activity_edit",
    ),
    path(
        "forloeb/<int:programme_pk>/laeringsaktiviteter/<int:learning_pk>/slet/",
        views.learning_activity_delete,
        name="learning_activity_delete",
    ),
    path("forloeb/<int:programme_pk>/statusmoeder/<slug:key>/", views.status_meeting, name="status_meeting"),
    path(
        "forloeb/<int:programme_pk>/statusmoeder/<slug:key>/tjek/<int:item_pk>/",
        views.follow_up_check,
        name="follow_up_check",
    ),
    path("forloeb/<int:programme_pk>/beslutninger/<int:decision_pk>/", views.decision_edit, name="decision_edit"),
    path(
        "forloeb/<int:programme_pk>/beslutninger/<int:decision_pk>/slet/", views.decision_delete, name="decision_delete"
    ),
    path("forloeb/<int:programme_pk>/opfoelgning/<int:item_pk>/", views.follow_up_edit, name="follow_up_edit"),
    path("forloeb/<int:programme_pk>/opfoelgning/<int:item_pk>/slet/", views.follow_up_delete, name="follow_up_delete"),
]
