from django.urls import path

from metroagora.opinions import views

app_name = "opinions"
urlpatterns = [
    path("", views.map_list, name="list"),
    path("new/", views.map_create, name="create"),
    path("import/", views.import_zip, name="import"),
    path("<slug:slug>/", views.vote_page, name="vote"),
    path("<slug:slug>/vote/", views.vote, name="cast"),
    path("<slug:slug>/submit/", views.submit, name="submit"),
    path("<slug:slug>/results/", views.results, name="results"),
    path("<slug:slug>/moderate/", views.moderate, name="moderate"),
    path("<slug:slug>/report.pdf", views.report_pdf, name="report"),
    path("<slug:slug>/polis-export.zip", views.export_zip, name="export"),
]
