from django.urls import path

from metroagora.funding import match_views, partner_views, result_views, views

app_name = "funding"
urlpatterns = [
    path("", views.call_list, name="list"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<str:identifier>/", views.call_detail, name="call"),
    path("calls/<str:identifier>/edit/", views.call_edit, name="call_edit"),
    path("calls/<str:identifier>/watch/", views.call_watch, name="call_watch"),
    path("calendar/", views.deadline_calendar, name="calendar"),
    path("deadlines.ics", views.network_feed, name="feed"),
    path("cities/<slug:slug>/deadlines.ics", views.city_feed, name="city_feed"),
    path("feeds/<str:token>.ics", views.user_feed, name="user_feed"),
    path("watches/", views.my_watches, name="watches"),
    path("watches/search/", views.save_search, name="save_search"),
    path("watches/<int:pk>/remove/", views.watch_remove, name="watch_remove"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("programmes/<slug:slug>/edit/", views.programme_edit, name="programme_edit"),
    path("match/", match_views.match_home, name="match_home"),
    path("match/<slug:slug>/", match_views.city_match, name="match"),
    path("partners/", partner_views.partner_list, name="partners"),
    path("partners/new/", partner_views.partner_search_create, name="partner_create"),
    path("partners/<int:pk>/", partner_views.partner_search_detail, name="partner_search"),
    path("partners/<int:pk>/answer/", partner_views.partner_answer, name="partner_answer"),
    path("partners/<int:pk>/status/", partner_views.partner_search_status, name="partner_status"),
    path(
        "partners/<int:pk>/answers/<int:answer_pk>/",
        partner_views.partner_answer_decide,
        name="partner_decide",
    ),
    path("results/", result_views.network_results, name="results"),
    path("results/<slug:slug>/", result_views.city_results, name="city_results"),
    path("projects/new/", result_views.project_create, name="project_create"),
    path("projects/<int:pk>/", result_views.project_detail, name="project"),
    path("projects/<int:pk>/edit/", result_views.project_edit, name="project_edit"),
    path("applications/new/", result_views.application_create, name="application_create"),
    path("applications/<int:pk>/", result_views.application_edit, name="application"),
    path("guides/", views.guide_list, name="guides"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide"),
]
