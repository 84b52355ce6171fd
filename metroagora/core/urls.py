from django.urls import path

from metroagora.core import views

app_name = "core"

urlpatterns = [
    path("", views.audit_log, name="audit"),
    path("audit-log.csv", views.audit_log_csv, name="audit_csv"),
]
