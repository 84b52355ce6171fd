"""The XSS corpus: every form of the site, how to fill it and where its text shows.

Read by ``test_xss_corpus.py``, which fails for a form class without an entry here.
Keys are ``module.ClassName`` of the forms in ``metroagora/<app>/*forms*.py`` and
``*views*.py``. An entry is one of (``xss_format``):

* ``FormCase(page, kwargs, role=..., ...)``: the page that shows the form to ``role``;
  the test fills every free-text field there with the payloads, sends it through the
  real view, then checks the redirect target (or the answer) and the ``shows`` pages;
* ``NoFreeText()``: the form has only choices, numbers, dates, files, e-mail or web
  addresses (the test checks it has no free-text field);
* ``NeverShown("why")``: the text is never shown back (a password);
* ``BaseForm()``: a base class of other forms, tested through them.

``kwargs`` take dotted paths in the test world (``metroagora/tests/world.py``), as in
the authorisation matrix. ``URL_FIELDS_ACCEPTING`` lists URL fields allowed to take a
``javascript:`` address (none).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from metroagora.forum.services import recount_contributions
from metroagora.opinions import tests as opinions_tests
from metroagora.tests.world import World, png_bytes
from metroagora.tests.xss_format import (
    BaseForm,
    FormCase,
    NeverShown,
    NoFreeText,
    Show,
    XssEntry,
)

URL_FIELDS_ACCEPTING: frozenset[str] = frozenset()


def png(name: str) -> Any:
    return lambda world: {name: SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")}


def polis_export(world: World) -> dict[str, Any]:
    """A small Pol.is export (the opinions tests' sample), zipped."""
    folder = Path(opinions_tests.__file__).parent / "data" / "polis_small"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.writestr(path.name, path.read_bytes())
    upload = SimpleUploadedFile("export.zip", buffer.getvalue(), content_type="application/zip")
    return {"archive": upload}


def local(moment: Any, zone: str) -> str:
    """A moment as a ``datetime-local`` input holds it, in the event's time zone."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def reopen_report(world: World) -> None:
    """The reported contribution is shown again and its report open, as in the world."""
    contribution = world.contribution
    type(contribution).objects.filter(pk=contribution.pk).update(
        visibility="visible", moderation_reason=""
    )
    contribution.reports.update(resolved_at=None)
    recount_contributions([contribution.debate_id])  # the row changed around the services


def slug(name: str = "slug", prefix: str = "xss") -> Any:
    return lambda world, round_: {name: f"{prefix}-{round_}"}


FORMS: dict[str, XssEntry] = {
    # --- accounts, API tokens ----------------------------------------------------------
    "metroagora.accounts.forms.ProfileForm": FormCase(
        "accounts:edit_profile",
        role="participant",
        shows=(Show("forum:thread", {"pk": "contribution.pk"}, role="anonymous"),),
    ),
    "metroagora.api.forms.TokenForm": FormCase(
        "api:tokens", role="participant", expect=200, data=lambda w, r: {"scopes": ["read"]}
    ),
    "metroagora.api.personal_data_forms.DeleteAccountForm": NeverShown(
        "The password that confirms deleting the account."
    ),
    # --- local decisions ---------------------------------------------------------------
    "metroagora.core.forms.AuditFilterForm": FormCase(
        "core:audit", role="admin", locate="actor", expect=200, limits={"actor": 100}
    ),
    "metroagora.decisions.forms.AccountabilityFilterForm": NoFreeText(),
    "metroagora.decisions.forms.ProcessFilterForm": NoFreeText(),
    "metroagora.decisions.forms.CensusForm": FormCase(
        "decisions:verify",
        {"city": "city.slug"},
        role="participant",
        locate="census-identifier",
        expect=400,
        note="A wrong identifier: the page shows the form again with it.",
    ),
    "metroagora.decisions.forms.CodeForm": FormCase(
        "decisions:verify",
        {"city": "city.slug"},
        role="participant",
        locate="code-code",
        expect=400,
        note="A wrong code: the page shows the form again with it.",
    ),
    "metroagora.decisions.forms.ProposalFilterForm": FormCase(
        "decisions:proposals", {"slug": "process.slug"}, role="anonymous", expect=200
    ),
    "metroagora.decisions.forms.ProposalForm": FormCase(
        "decisions:proposal_edit", {"pk": "proposal.pk"}, role="participant"
    ),
    "metroagora.decisions.forms.ProposalImageForm": FormCase(
        "decisions:proposal_images",
        {"pk": "proposal.pk"},
        role="participant",
        locate="image-alt_text",
        files=png("image-image"),
        shows=(Show("decisions:proposal", {"pk": "proposal.pk"}, role="anonymous"),),
    ),
    "metroagora.decisions.staff_forms.AnswerForm": FormCase(
        "decisions:proposal_answer",
        {"pk": "proposal.pk"},
        role="coordinator",
        data=lambda w, r: {"answer": "accepted"},
    ),
    "metroagora.decisions.staff_forms.BudgetForm": FormCase(
        "decisions:budget_edit", {"pk": "budget.pk"}, role="coordinator", locate="title"
    ),
    "metroagora.decisions.staff_forms.CensusForm": NoFreeText(),
    "metroagora.decisions.staff_forms.CodeBatchForm": FormCase(
        "decisions:verification", {"city": "city.slug"}, role="coordinator"
    ),
    "metroagora.decisions.staff_forms.DistrictForm": FormCase(
        "decisions:districts", {"city": "city.slug"}, role="coordinator"
    ),
    "metroagora.decisions.staff_forms.ImplementationUpdateForm": FormCase(
        "decisions:implementation_update",
        {"pk": "implementation.pk"},
        role="coordinator",
        shows=(Show("decisions:implementation", {"pk": "implementation.pk"}, role="anonymous"),),
    ),
    "metroagora.decisions.staff_forms.MilestoneForm": FormCase(
        "decisions:implementation_update",
        {"pk": "implementation.pk"},
        role="coordinator",
        locate="milestone-title",
        data=lambda w, r: {"milestone-due_on": "2030-01-01"},
        shows=(Show("decisions:implementation", {"pk": "implementation.pk"}, role="anonymous"),),
    ),
    "metroagora.decisions.staff_forms.PhasesForm": NoFreeText(),
    "metroagora.decisions.staff_forms.PhotoForm": FormCase(
        "decisions:implementation_update",
        {"pk": "implementation.pk"},
        role="coordinator",
        locate="photo-alt_text",
        files=png("photo-image"),
        shows=(Show("decisions:implementation", {"pk": "implementation.pk"}, role="anonymous"),),
    ),
    "metroagora.decisions.staff_forms.ProcessForm": FormCase(
        "decisions:process_edit", {"slug": "process.slug"}, role="coordinator", locate="title"
    ),
    "metroagora.decisions.staff_forms.ProjectForm": FormCase(
        "decisions:project_edit",
        {"pk": "budget_project.pk"},
        role="coordinator",
        locate="title",
        shows=(Show("decisions:budget", {"pk": "budget.pk"}, role="anonymous"),),
    ),
    "metroagora.decisions.staff_forms.WrittenInLanguageForm": BaseForm(),
    # --- events ------------------------------------------------------------------------
    "metroagora.events.forms.CheckInForm": NoFreeText(),
    "metroagora.events.forms.EventForm": FormCase(
        "events:edit",
        {"slug": "event.slug"},
        role="coordinator",
        locate="title_en",
        skip=("agenda-*",),
        note="The agenda rows are SessionForm's.",
    ),
    "metroagora.events.forms.SessionForm": FormCase(
        "events:edit",
        {"slug": "event.slug"},
        role="coordinator",
        locate="agenda-0-title",
        only=("agenda-0-*",),
        data=lambda w, r: {
            "agenda-0-starts_at": local(w.event.starts_at, w.event.time_zone),
            "agenda-0-ends_at": local(w.event.ends_at, w.event.time_zone),
        },
    ),
    "metroagora.events.forms.GuestRegistrationForm": FormCase(
        "events:detail",
        {"slug": "other_event.slug"},
        role="anonymous",
        locate="name",
        data=lambda w, r: {
            "email": f"guest{r}@example.org",
            "residence_country": "IT",
            "role": "citizen",
        },
        hidden=("organisation", "accessibility_needs"),
        note="Organisation and needs go to the organisers' exports, not to pages.",
        shows=(Show("events:registrations", {"slug": "other_event.slug"}, role="admin"),),
    ),
    "metroagora.events.forms.RegistrationForm": FormCase(
        "events:detail",
        {"slug": "other_event.slug"},
        role="resident",
        locate="residence_city",
        data=lambda w, r: {"residence_country": "IT", "role": "citizen"},
        before_round=lambda w: w.other_event.registrations.all().delete(),
        shows=(Show("events:registrations", {"slug": "other_event.slug"}, role="admin"),),
        hidden=("organisation", "accessibility_needs"),
        note="Organisation and needs go to the organisers' exports, not to pages.",
    ),
    "metroagora.events.forms.OnsiteRegistrationForm": FormCase(
        "events:registrations",
        {"slug": "event.slug"},
        role="coordinator",
        data=lambda w, r: {
            "email": f"onsite{r}@example.org",
            "residence_country": "IT",
            "role": "citizen",
        },
        hidden=("organisation", "accessibility_needs"),
        note="Organisation and needs go to the organisers' exports, not to pages.",
    ),
    "metroagora.events.forms.OutcomeForm": FormCase(
        "events:outputs",
        {"slug": "event.slug"},
        role="coordinator",
        shows=(Show("events:detail", {"slug": "event.slug"}, role="anonymous"),),
    ),
    "metroagora.events.forms.LinkForm": FormCase(
        "events:outputs",
        {"slug": "event.slug"},
        role="coordinator",
        locate="url",
        data=lambda w, r: {"url": "https://example.org/report.pdf", "kind": "document"},
        shows=(Show("events:detail", {"slug": "event.slug"}, role="anonymous"),),
    ),
    "metroagora.events.forms.PhotoForm": FormCase(
        "events:outputs",
        {"slug": "event.slug"},
        role="coordinator",
        locate="credit",
        files=png("image"),
        shows=(Show("events:detail", {"slug": "event.slug"}, role="anonymous"),),
    ),
    "metroagora.events.report_views.FeedbackForm": FormCase(
        "events:feedback",
        {"token": "held_registration.token"},
        role="anonymous",
        before_round=lambda w: w.held_event.feedback.all().delete(),
        data=lambda w, r: {"rating": "4", "would_return": "yes", "changed_view": "yes"},
        hidden=("learned",),
        note="What people learned goes to their personal-data export only.",
        shows=(Show("events:report", {"slug": "held_event.slug"}, role="coordinator"),),
    ),
    "metroagora.events.views.EventFilterForm": NoFreeText(),
    # --- forum -------------------------------------------------------------------------
    "metroagora.forum.forms.CloseDebateForm": FormCase(
        "forum:close", {"slug": "debate.slug"}, role="moderator"
    ),
    "metroagora.forum.forms.ContributionForm": FormCase(
        "forum:debate", {"slug": "debate.slug"}, role="participant"
    ),
    "metroagora.forum.forms.DebateForm": FormCase("forum:create", role="coordinator", data=slug()),
    "metroagora.forum.forms.ReasonForm": FormCase(
        "forum:moderation",
        role="moderator",
        before_round=reopen_report,
        shows=(Show("forum:thread", {"pk": "contribution.pk"}, role="anonymous"),),
    ),
    "metroagora.forum.forms.ReplyForm": FormCase(
        "forum:thread",
        {"pk": "contribution.pk"},
        role="resident",
        locate=lambda w: f"r{w.contribution.pk}-text",
    ),
    "metroagora.forum.views.PreferencesForm": NoFreeText(),
    # --- EU funding --------------------------------------------------------------------
    "metroagora.funding.forms.ApplicationForm": FormCase(
        "funding:application",
        {"pk": "application.pk"},
        role="coordinator",
        skip=("call",),
        shows=(Show("funding:application", {"pk": "application.pk"}, role="coordinator"),),
        note="The call is given by its identifier, which must exist.",
    ),
    "metroagora.funding.forms.ApplicationStatusForm": NoFreeText(),
    "metroagora.funding.forms.CallFilterForm": FormCase(
        "funding:list", role="anonymous", expect=200
    ),
    "metroagora.funding.forms.CallForm": FormCase(
        "funding:call_edit",
        {"identifier": "call.identifier"},
        role="admin",
        skip=("identifier",),
        note="The identifier is the call's address; it cannot change.",
    ),
    "metroagora.funding.forms.FundedProjectForm": FormCase(
        "funding:project_edit",
        {"pk": "funded_project.pk"},
        role="coordinator",
        limits={"acronym": 60},
    ),
    "metroagora.funding.forms.NeedsForm": FormCase(
        "funding:match", {"slug": "city.slug"}, role="coordinator"
    ),
    "metroagora.funding.forms.PartnerAnswerForm": FormCase(
        "funding:partner_search",
        {"pk": "partner_search.pk"},
        role="other_coordinator",
        locate="message",
        before_round=lambda w: w.partner_search.answers.all().delete(),
        shows=(Show("funding:partner_search", {"pk": "partner_search.pk"}, role="coordinator"),),
    ),
    "metroagora.funding.forms.PartnerSearchForm": FormCase(
        "funding:partner_create",
        role="coordinator",
        data=lambda w, r: {"call": w.other_call.identifier},
        before_round=lambda w: w.other_call.partner_searches.all().delete(),
    ),
    "metroagora.funding.forms.ProgrammeForm": FormCase(
        "funding:programme_edit",
        {"slug": "programme.slug"},
        role="admin",
        skip=("portal_codes",),
        note="Portal codes are numbers.",
    ),
    "metroagora.funding.forms.WatchForm": FormCase(
        "funding:list",
        role="participant",
        locate="name",
        query="q=heat",
        shows=(Show("funding:watches", role="participant"),),
    ),
    # --- network -----------------------------------------------------------------------
    "metroagora.network.forms.CityForm": FormCase(
        "network:city_edit", {"slug": "city.slug"}, role="coordinator", locate="name_en"
    ),
    "metroagora.network.forms.MembershipForm": FormCase(
        "network:city_people",
        {"slug": "city.slug"},
        role="coordinator",
        data=lambda w, r: {"email": w.people["participant"].email, "role": "official"},
        before_round=lambda w: w.people["participant"].memberships.all().delete(),
        shows=(Show("network:city_detail", {"slug": "city.slug"}, role="anonymous"),),
    ),
    "metroagora.network.forms.NewCityForm": FormCase(
        "network:city_create",
        role="admin",
        locate="name_en",
        data=lambda w, r: {
            "slug": f"xss-{r}",
            "country": "IT",
            "region": "south",
            "population": "100000",
            "latitude": "45.0",
            "longitude": "9.0",
        },
    ),
    # --- opinion maps ------------------------------------------------------------------
    "metroagora.opinions.forms.ImportForm": FormCase(
        "opinions:import", role="moderator", data=slug(), files=polis_export
    ),
    "metroagora.opinions.forms.OpinionMapForm": FormCase(
        "opinions:create",
        role="moderator",
        locate="title_en",
        data=slug(),
        limits={"seed_statements": 140},
        shows=(Show("opinions:list", role="anonymous"),),
    ),
    "metroagora.opinions.forms.RejectForm": FormCase(
        "opinions:moderate",
        {"slug": "opinion_map.slug"},
        role="moderator",
        before_round=lambda w: (
            type(w.pending_statement)
            .objects.filter(pk=w.pending_statement.pk)
            .update(status="pending")
        ),
        shows=(Show("forum:moderation_log", role="moderator"),),
    ),
    "metroagora.opinions.forms.StatementForm": FormCase(
        "opinions:vote",
        {"slug": "opinion_map.slug"},
        role="participant",
        shows=(Show("opinions:moderate", {"slug": "opinion_map.slug"}, role="moderator"),),
    ),
    # --- best practices ----------------------------------------------------------------
    "metroagora.practices.forms.AdoptForm": FormCase(
        "practices:adopt",
        {"slug": "practice.slug"},
        role="other_coordinator",
        before_round=lambda w: w.practice.transfers.all().delete(),
    ),
    "metroagora.practices.forms.EventPracticesForm": NoFreeText(),
    "metroagora.practices.forms.ImageForm": FormCase(
        "practices:media",
        {"slug": "draft_practice.slug"},
        role="coordinator",
        locate="image-alt_text",
        files=png("image-image"),
        shows=(Show("practices:detail", {"slug": "draft_practice.slug"}, role="coordinator"),),
    ),
    "metroagora.practices.forms.IndicatorForm": FormCase(
        "practices:media",
        {"slug": "draft_practice.slug"},
        role="coordinator",
        locate="indicator-label",
        limits={"indicator-unit": 40},
        data=lambda w, r: {"indicator-value": "14", "indicator-year": "2024"},
        shows=(Show("practices:detail", {"slug": "draft_practice.slug"}, role="coordinator"),),
    ),
    "metroagora.practices.forms.LinkForm": FormCase(
        "practices:media",
        {"slug": "draft_practice.slug"},
        role="coordinator",
        locate="link-title",
        data=lambda w, r: {"link-url": "https://example.org/a.pdf"},
        shows=(Show("practices:detail", {"slug": "draft_practice.slug"}, role="coordinator"),),
    ),
    "metroagora.practices.forms.PracticeFilterForm": NoFreeText(),
    "metroagora.practices.forms.PracticeForm": FormCase(
        "practices:edit", {"slug": "draft_practice.slug"}, role="coordinator", lang="fr"
    ),
    "metroagora.practices.forms.ReviewForm": FormCase(
        "practices:detail",
        {"slug": "draft_practice.slug"},
        role="coordinator",
        data=lambda w, r: {"action": "comment"},
    ),
    "metroagora.practices.forms.TransferUpdateForm": FormCase(
        "practices:transfer", {"pk": "transfer.pk"}, role="other_coordinator"
    ),
    # --- publications, videos, newsletter, website ---------------------------------------
    "metroagora.publications.newsletter_forms.IssueForm": FormCase(
        "publications:newsletter_edit",
        {"pk": "draft_issue.pk"},
        role="coordinator",
        locate="subject",
        shows=(
            Show("publications:newsletter_preview", {"pk": "draft_issue.pk"}, role="coordinator"),
            Show(
                "publications:newsletter_preview_email",
                {"pk": "draft_issue.pk"},
                role="coordinator",
            ),
        ),
    ),
    "metroagora.publications.newsletter_forms.ProfileSubscribeForm": NoFreeText(),
    "metroagora.publications.newsletter_forms.SubscribeForm": NoFreeText(),
    "metroagora.publications.publications_forms.PartForm": FormCase(
        "publications:part_edit",
        {"slug": "publication.slug", "pk": "publication_part.pk"},
        locate="heading",
        shows=(Show("publications:publication", {"slug": "publication.slug"}, role="anonymous"),),
    ),
    "metroagora.publications.publications_forms.PublicationForm": FormCase(
        "publications:publication_edit",
        {"slug": "publication.slug"},
        locate="title",
        shows=(Show("publications:publication", {"slug": "publication.slug"}, role="anonymous"),),
    ),
    "metroagora.publications.publications_forms._OneLanguage": BaseForm(),
    "metroagora.publications.videos_forms.TrackForm": NoFreeText(),
    "metroagora.publications.videos_forms.VideoFilterForm": NoFreeText(),
    "metroagora.publications.videos_forms.VideoForm": FormCase(
        "publications:video_edit",
        {"slug": "video.slug"},
        shows=(Show("publications:videos", role="anonymous"),),
    ),
    "metroagora.publications.website_forms.NewsPostForm": FormCase(
        "publications:news_edit",
        {"slug": "news.slug"},
        role="coordinator",
        locate="title",
        files=png("image"),
    ),
    "metroagora.publications.website_forms.PageForm": FormCase(
        "publications:page_edit",
        {"slug": "page.slug"},
        locate="title",
        shows=(Show("publications:page", {"slug": "page.slug"}, role="anonymous"),),
    ),
    "metroagora.publications.website_forms.PublishForm": NoFreeText(),
    "metroagora.publications.website_forms._OneLanguageForm": BaseForm(),
    # --- search ------------------------------------------------------------------------
    "metroagora.search.forms.SearchForm": FormCase("search:results", role="anonymous", expect=200),
}
