"""URLs of the collaboration agreement, the ratings and the anchoring plan (included by urls.py)."""

from django.urls import path

from advisory.development import views_agreement as views

urlpatterns = [
    path("forloeb/<int:programme_pk>/samarbejdsaftale/", views.agreement, name="agreement"),
    path("forloeb/<int:programme_pk>/samarbejdsaftale/rediger/", views.agreement_edit, name="agreement_edit"),
    path("forloeb/<int:programme_pk>/samarbejdsaftale/underskriv/", views.agreement_sign, name="agreement_sign"),
    path("forloeb/<int:programme_pk>/samarbejdsaftale/genaabn/", views.agreement_reopen, name="agreement_reopen"),
    path("forloeb/<int:programme_pk>/samarbejdsaftale/dokument/", views.agreement_document, name="agreement_document"),
    path("forloeb/<int:programme_pk>/vurderinger/", views.ratings_page, name="ratings"),
    path(
        "forloeb/<int:programme_pk>/vurderinger/<slug:prerequisite>/<slug:moment>/",
        views.rating_edit,
        name="rating_edit",
    ),
    path("forloeb/<int:programme_pk>/forankring/", views.anchoring_page, name="anchoring"),
]
