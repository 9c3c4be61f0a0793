from django.urls import path, re_path

from advisory.notifications import views

app_name = "notifications"
urlpatterns = [
    path("udbakke/", views.outbox_list, name="outbox"),
    path("udbakke/<int:pk>/send-igen/", views.outbox_retry, name="outbox_retry"),
    # Calendar programs fetch these without logging in; the kind is part of the address (see calendar_feeds.py).
    re_path(
        r"^kalender/(?P<kind>person|organisation|programme)/(?P<token>[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)\.ics$",
        views.feed,
        name="feed",
    ),
    path("kalender/adresser/", views.feed_token_create, name="feed_token_create"),
    path("kalender/adresser/<int:pk>/forny/", views.feed_token_renew, name="feed_token_renew"),
    path("kalender/adresser/<int:pk>/luk/", views.feed_token_revoke, name="feed_token_revoke"),
    path("notifikationer/valg/", views.preference_update, name="preference_update"),
]
