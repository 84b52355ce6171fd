from django.urls import path

from metroagora.forum import views

app_name = "forum"
urlpatterns = [
    path("", views.debate_list, name="list"),
    path("new/", views.debate_create, name="create"),
    path("moderation/", views.moderation, name="moderation"),
    path("notifications/", views.notification_list, name="notifications"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("c/<int:pk>/follow/", views.follow_contribution, name="follow_contribution"),
    path("moderation/log/", views.moderation_log, name="moderation_log"),
    path("moderation/unblock/<int:pk>/", views.unblock, name="unblock"),
    path("c/<int:pk>/", views.thread, name="thread"),
    path("c/<int:pk>/reply/", views.reply, name="reply"),
    path("c/<int:pk>/edit/", views.edit, name="edit"),
    path("c/<int:pk>/delete/", views.delete, name="delete"),
    path("c/<int:pk>/agree/", views.agree, name="agree"),
    path("c/<int:pk>/report/", views.report, name="report"),
    path("c/<int:pk>/moderate/<str:action>/", views.moderate, name="moderate"),
    path("<slug:slug>/", views.debate, name="debate"),
    path("<slug:slug>/post/", views.post, name="post"),
    path("<slug:slug>/close/", views.debate_close, name="close"),
    path("<slug:slug>/follow/", views.follow_debate, name="follow"),
]
