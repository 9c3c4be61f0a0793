from django.urls import path

from advisory.documents import views

app_name = "documents"
urlpatterns = [
    path("forloeb/<int:programme_pk>/", views.programme_documents, name="programme"),
    path("<int:pk>/hent/", views.download, name="download"),
    path("<int:pk>/slet/", views.delete, name="delete"),
]
