from django.urls import path

from metroagora.events import report_views, views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("mine/", views.my_events, name="mine"),
    path("feed.ics", views.network_feed, name="feed"),
    path("cities/<slug:slug>/feed.ics", views.city_feed, name="city_feed"),
    path("feeds/<str:token>.ics", views.user_feed, name="user_feed"),
    path("projects/<slug:slug>/report/", report_views.project_report, name="project_report"),
    path("registration/<str:token>/", views.registration_page, name="registration"),
    path("registration/<str:token>/confirm/", views.registration_confirm, name="confirm"),
    path("registration/<str:token>/cancel/", views.registration_cancel, name="cancel"),
    path("registration/<str:token>/event.ics", views.registration_ics, name="registration_ics"),
    path("registration/<str:token>/feedback/", report_views.feedback, name="feedback"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/status/", views.event_status, name="status"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/registrations/", views.registrations, name="registrations"),
    path("<slug:slug>/check-in/", views.check_in, name="check_in"),
    path("<slug:slug>/outputs/", views.outputs, name="outputs"),
    path("<slug:slug>/report/", report_views.event_report, name="report"),
    path("<slug:slug>/report.csv", report_views.event_report_csv, name="report_csv"),
    path("<slug:slug>/report.xlsx", report_views.event_report_xlsx, name="report_xlsx"),
    path("<slug:slug>/attendance.pdf", report_views.attendance_pdf, name="attendance_pdf"),
]
