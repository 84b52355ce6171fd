from django.urls import path

from metroagora.decisions import staff_views, views

app_name = "decisions"

urlpatterns = [
    path("", views.process_list, name="list"),
    # Residents verify they live in a city.
    path("verify/<slug:city>/", views.verify, name="verify"),
    # Proposals
    path("proposals/<int:pk>/", views.proposal, name="proposal"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/images/", views.proposal_images, name="proposal_images"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/support/", views.proposal_support, name="proposal_support"),
    path("proposals/<int:pk>/answer/", staff_views.proposal_answer, name="proposal_answer"),
    # Participatory budgets
    path("budgets/<int:pk>/", views.budget, name="budget"),
    path("budgets/<int:pk>/vote/", views.budget_vote, name="budget_vote"),
    path("budgets/<int:pk>/ballots.csv", views.budget_ballots_csv, name="budget_ballots_csv"),
    path("budgets/<int:pk>/edit/", staff_views.budget_edit, name="budget_edit"),
    path("budgets/<int:pk>/close/", staff_views.budget_close, name="budget_close"),
    path("budgets/<int:pk>/projects/new/", staff_views.project_create, name="project_create"),
    path("projects/<int:pk>/edit/", staff_views.project_edit, name="project_edit"),
    path("projects/<int:pk>/delete/", staff_views.project_delete, name="project_delete"),
    # Accountability
    path("accountability/<slug:city>/", views.accountability, name="accountability"),
    path("implementation/<int:pk>/", views.implementation, name="implementation"),
    path(
        "implementation/<int:pk>/update/",
        staff_views.implementation_update,
        name="implementation_update",
    ),
    path("implementation/<int:pk>/milestones/", staff_views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/", staff_views.milestone_change, name="milestone_change"),
    path("implementation/<int:pk>/photos/", staff_views.photo_add, name="photo_add"),
    path("photos/<int:pk>/delete/", staff_views.photo_delete, name="photo_delete"),
    # City staff
    path("manage/<slug:city>/", staff_views.manage_city, name="manage"),
    path("manage/<slug:city>/processes/new/", staff_views.process_create, name="process_create"),
    path("manage/<slug:city>/districts/", staff_views.districts, name="districts"),
    path("manage/<slug:city>/verification/", staff_views.verification, name="verification"),
    path("manage/<slug:city>/verification/codes/", staff_views.codes_create, name="codes_create"),
    path(
        "manage/<slug:city>/verification/census/",
        staff_views.census_upload,
        name="census_upload",
    ),
    path(
        "manage/<slug:city>/verification/residents/<int:pk>/",
        staff_views.verify_resident,
        name="verify_resident",
    ),
    path("manage/codes/<int:pk>/", staff_views.code_batch, name="code_batch"),
    path("manage/codes/<int:pk>.csv", staff_views.code_batch_csv, name="code_batch_csv"),
    # Processes (slugs last: they take any name)
    path("<slug:slug>/", views.process, name="process"),
    path("<slug:slug>/edit/", staff_views.process_edit, name="process_edit"),
    path("<slug:slug>/publish/", staff_views.process_publish, name="process_publish"),
    path("<slug:slug>/budgets/new/", staff_views.budget_create, name="budget_create"),
    path("<slug:slug>/proposals/", views.proposal_list, name="proposals"),
    path("<slug:slug>/proposals/new/", views.proposal_new, name="proposal_new"),
]
