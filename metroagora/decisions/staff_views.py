"""Pages of city staff: processes, districts, verification, answers, budgets, accountability.

Thin views: parse the form, check the permission, call a service, render. Every
write is rate limited (``decisions.write``); the services check permissions again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from metroagora.accounts.http import signed_in_user
from metroagora.accounts.models import User
from metroagora.core.audit import record
from metroagora.core.languages import EU_LANGUAGE_NAMES
from metroagora.core.ratelimit import rate_limited
from metroagora.core.spreadsheets import csv_writer
from metroagora.core.translated import TranslatedText
from metroagora.decisions import selectors, services
from metroagora.decisions.models import (
    Answer,
    Budget,
    BudgetProject,
    CensusEntry,
    CensusUpload,
    Implementation,
    ImplementationPhoto,
    InvitationBatch,
    InvitationCode,
    Milestone,
    PhaseKind,
    Process,
    ProcessPhase,
    Proposal,
    ProposalState,
)
from metroagora.decisions.staff_forms import (
    AnswerForm,
    BudgetForm,
    CensusForm,
    CodeBatchForm,
    DistrictForm,
    ImplementationUpdateForm,
    MilestoneForm,
    PhasesForm,
    PhotoForm,
    ProcessForm,
    ProjectForm,
)
from metroagora.network import services as network_services
from metroagora.network.models import (
    City,
    Membership,
    MembershipRole,
    VerificationLogEntry,
    VerificationMethod,
)

AWAITING_SHOWN = 25
LOG_PAGE_SIZE = 50
PENDING_PAGE_SIZE = 50
BATCHES_SHOWN = 30
UPLOADS_SHOWN = 10


# --- Helpers ------------------------------------------------------------------------------


def _require(actor: User, perm: str, obj: Any) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _city(slug: str) -> City:
    return get_object_or_404(City, slug=slug)


def _add_errors(error: ValidationError, *forms: BaseForm) -> None:
    """Put a service's errors on the form holding that field (else on the first form)."""
    first = forms[0]
    if not hasattr(error, "error_dict"):
        first.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = next((form for form in forms if name in form.fields), first)
        target.add_error(name if name in target.fields else None, errors)


def _save_form(
    request: HttpRequest, form: BaseForm, save: Callable[[], Any], success: str
) -> tuple[Any, int]:
    """On a POST, validate ``form`` and ``save()`` (a service call): ``(what save
    returned, 200)`` with a success message, or ``(None, 400)`` with the service's refusals
    on the form. On a GET: ``(None, 200)``."""
    if request.method != "POST":
        return None, 200
    if form.is_valid():
        try:
            saved = save()
        except ValidationError as error:
            _add_errors(error, form)
        else:
            messages.success(request, success)
            return saved if saved is not None else True, 200
    return None, 400


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _writing_language(request: HttpRequest, current: Any = None) -> str:
    """The language being written: ``?lang=``, else the text's original, else the UI's."""
    lang = request.GET.get("lang") or request.POST.get("lang") or ""
    if lang in EU_LANGUAGE_NAMES:
        return lang
    original = TranslatedText.from_json(current).original if current is not None else None
    if original:
        return original
    return (translation.get_language() or "en").split("-")[0]


def _language_context(lang: str, url: str) -> dict[str, Any]:
    return {
        "lang": lang,
        "lang_name": EU_LANGUAGE_NAMES.get(lang, lang),
        "languages": sorted(EU_LANGUAGE_NAMES.items(), key=lambda item: str(item[1])),
        "lang_url": url,
    }


def _with_lang(url: str, lang: str) -> str:
    return f"{url}?lang={lang}"


# --- The dashboard ------------------------------------------------------------------------


@dataclass
class ProcessRow:
    process: Process
    current: ProcessPhase | None
    upcoming: ProcessPhase | None
    ended: bool


def _process_rows(city: City, now: datetime) -> list[ProcessRow]:
    processes = (
        Process.objects.filter(city=city)
        .select_related("district")
        .prefetch_related(
            Prefetch("phases", queryset=ProcessPhase.objects.order_by("starts_at")),
            Prefetch(
                "budgets",
                queryset=Budget.objects.annotate(project_count=Count("projects")).order_by("pk"),
            ),
        )
        .annotate(
            proposal_count=Count("proposals", filter=~Q(proposals__state=ProposalState.WITHDRAWN)),
            evaluating_count=Count(
                "proposals", filter=Q(proposals__state=ProposalState.EVALUATING)
            ),
            accepted_count=Count("proposals", filter=Q(proposals__state=ProposalState.ACCEPTED)),
            support_total=Sum("proposals__support_count"),
        )
        .order_by("-created_at", "-pk")
    )
    rows = []
    for process in processes:
        phases = process.phase_list()
        current = process.current_phase(now)
        upcoming = next((p for p in phases if p.starts_at > now), None)
        ended = bool(phases) and all(p.is_over(now) for p in phases)
        rows.append(ProcessRow(process, current, upcoming, ended))
    return rows


def _awaiting_answer(city: City) -> QuerySet[Proposal]:
    """Proposals without a final answer: those under evaluation first, then by supports."""
    return (
        Proposal.objects.filter(
            process__city=city,
            state__in=[ProposalState.PUBLISHED, ProposalState.EVALUATING],
        )
        .filter(Q(answer="") | Q(answer=Answer.EVALUATING))
        .select_related("process")
        .annotate(
            evaluating_first=Case(
                When(state=ProposalState.EVALUATING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("evaluating_first", "-support_count", "pk")
    )


def _budgets_to_close(city: City, now: datetime) -> QuerySet[Budget]:
    return (
        Budget.objects.filter(
            process__city=city,
            closed_at__isnull=True,
            process__phases__kind=PhaseKind.VOTING,
            process__phases__ends_at__lte=now,
        )
        .select_related("process")
        .annotate(voters=Count("receipts"))
        .order_by("pk")
    )


@dataclass
class VerificationFigures:
    verified_total: int
    verified_by_method: list[tuple[str, int]]
    pending: int
    unused_codes: int
    census_entries: int
    census_used: int


def _verification_figures(city: City) -> VerificationFigures:
    residents = Membership.objects.filter(city=city, role=MembershipRole.RESIDENT)
    by_method = dict(
        residents.filter(verified_at__isnull=False)
        .order_by()
        .values_list("verification_method")
        .annotate(n=Count("pk"))
        .values_list("verification_method", "n")
    )
    rows = [(str(method.label), by_method.get(method.value, 0)) for method in VerificationMethod]
    if by_method.get(""):
        rows.append((_("Before methods were recorded"), by_method[""]))
    census = CensusEntry.objects.filter(city=city).aggregate(
        total=Count("pk"), used=Count("pk", filter=Q(used_at__isnull=False))
    )
    return VerificationFigures(
        verified_total=sum(by_method.values()),
        verified_by_method=rows,
        pending=residents.filter(verified_at__isnull=True).count(),
        unused_codes=InvitationCode.objects.filter(city=city, used_at__isnull=True).count(),
        census_entries=census["total"],
        census_used=census["used"],
    )


@login_required
def manage_city(request: HttpRequest, city: str) -> HttpResponse:
    actor = signed_in_user(request)
    place = _city(city)
    _require(actor, "decisions.manage_processes", place)
    now = timezone.now()
    awaiting = _awaiting_answer(place)
    implementations = list(
        Implementation.objects.filter(city=place)
        .select_related("process", "proposal", "project__budget")
        .order_by("process_id", "pk")
    )
    return render(
        request,
        "decisions/manage/dashboard.html",
        {
            "city": place,
            "rows": _process_rows(place, now),
            "awaiting": list(awaiting[:AWAITING_SHOWN]),
            "awaiting_total": awaiting.count(),
            "to_close": list(_budgets_to_close(place, now)),
            "figures": _verification_figures(place),
            "implementations": implementations,
            "can_verify": actor.has_perm("decisions.verify_residents", place),
        },
    )


# --- Processes ------------------------------------------------------------------------------


@login_required
@rate_limited("decisions.write")
def process_create(request: HttpRequest, city: str) -> HttpResponse:
    actor = signed_in_user(request)
    place = _city(city)
    _require(actor, "decisions.manage_processes", place)
    return _process_form(request, actor, place, None)


@login_required
@rate_limited("decisions.write")
def process_edit(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in_user(request)
    process = get_object_or_404(
        Process.objects.select_related("city", "district").prefetch_related("phases", "categories"),
        slug=slug,
    )
    _require(actor, "decisions.manage_process", process)
    return _process_form(request, actor, process.city, process)


def _process_form(
    request: HttpRequest, actor: User, city: City, process: Process | None
) -> HttpResponse:
    lang = _writing_language(request, process.title if process else None)
    data = request.POST if request.method == "POST" else None
    form = ProcessForm(data, city=city, process=process, lang=lang)
    phases = PhasesForm(data, process=process)
    status = 200
    if request.method == "POST":
        status = 400
        form_ok = form.is_valid()
        if phases.is_valid() and form_ok:
            saved = _save_process(actor, city, process, form, phases)
            if saved is not None:
                if process is None:
                    messages.success(
                        request,
                        _("The process is saved as a draft. Residents see it once you publish it."),
                    )
                else:
                    messages.success(request, _("The process is saved."))
                return redirect(
                    _with_lang(reverse("decisions:process_edit", args=[saved.slug]), lang)
                )
    url = (
        reverse("decisions:process_edit", args=[process.slug])
        if process
        else reverse("decisions:process_create", args=[city.slug])
    )
    return render(
        request,
        "decisions/manage/process_form.html",
        {
            "city": city,
            "process": process,
            "form": form,
            "phases": phases,
            "categories": list(process.categories.all()) if process else [],
            "action": _with_lang(url, lang),
            **_language_context(lang, url),
        },
        status=status,
    )


def _save_process(
    actor: User, city: City, process: Process | None, form: ProcessForm, phases: PhasesForm
) -> Process | None:
    dates: Any = phases.phases()
    try:
        with transaction.atomic():
            if process is None:
                saved = services.create_process(actor, city, phases=dates, **form.content())
            else:
                saved = services.update_process(actor, process, phases=dates, **form.content())
            names = [name for name in form.category_names() if name]
            if names:
                # Categories are named in the language being written, not the UI's.
                with translation.override(form.lang):
                    services.set_categories(actor, saved, names)
    except ValidationError as error:
        if getattr(error, "code", None) == "no_phase":
            phases.add_error(None, error)
        else:
            _add_errors(error, form, phases)
        return None
    return saved


@login_required
@require_POST
@rate_limited("decisions.write")
def process_publish(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in_user(request)
    process = get_object_or_404(Process, slug=slug)
    _require(actor, "decisions.manage_process", process)
    try:
        services.publish_process(actor, process)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect("decisions:process_edit", slug=process.slug)
    messages.success(request, _("The process is published: everyone can see it now."))
    return redirect(process.get_absolute_url())


# --- Districts -----------------------------------------------------------------------------


@login_required
@rate_limited("decisions.write")
def districts(request: HttpRequest, city: str) -> HttpResponse:
    actor = signed_in_user(request)
    place = _city(city)
    _require(actor, "decisions.manage_processes", place)
    form = DistrictForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                district = services.add_district(actor, place, form.cleaned_data["name"])
            except ValidationError as error:
                _add_errors(error, form)
            else:
                messages.success(
                    request, _("The district %(name)s is added.") % {"name": district.name}
                )
                return redirect("decisions:districts", city=place.slug)
    rows = place.districts.annotate(
        process_count=Count("processes", distinct=True),
        proposal_count=Count("proposals", distinct=True),
    ).order_by("name")
    return render(
        request,
        "decisions/manage/districts.html",
        {"city": place, "form": form, "districts": rows},
        status=status,
    )


# --- Resident verification ------------------------------------------------------------------


def _verification_page(
    request: HttpRequest,
    city: City,
    code_form: CodeBatchForm | None = None,
    census_form: CensusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    batches = (
        InvitationBatch.objects.filter(city=city)
        .select_related("created_by")
        .annotate(
            total=Count("codes"),
            used=Count("codes", filter=Q(codes__used_at__isnull=False)),
            unused=Count("codes", filter=Q(codes__used_at__isnull=True)),
        )
        .order_by("-created_at", "-pk")[:BATCHES_SHOWN]
    )
    uploads = (
        CensusUpload.objects.filter(city=city)
        .select_related("uploaded_by")
        .order_by("-created_at", "-pk")[:UPLOADS_SHOWN]
    )
    log = (
        VerificationLogEntry.objects.filter(city=city)
        .select_related("person", "verified_by")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "decisions/manage/verification.html",
        {
            "city": city,
            "figures": _verification_figures(city),
            "code_form": code_form or CodeBatchForm(),
            "census_form": census_form or CensusForm(),
            "batches": list(batches),
            "uploads": list(uploads),
            "pending": Paginator(selectors.pending_residents(city), PENDING_PAGE_SIZE).get_page(
                request.GET.get("pending")
            ),
            "log": Paginator(log, LOG_PAGE_SIZE).get_page(request.GET.get("log")),
        },
        status=status,
    )


@login_required
def verification(request: HttpRequest, city: str) -> HttpResponse:
    actor = signed_in_user(request)
    place = _city(city)
    _require(actor, "decisions.verify_residents", place)
    return _verification_page(request, place)


@login_required
@require_POST
@rate_limited("decisions.write")
def codes_create(request: HttpRequest, city: str) -> HttpResponse:
    actor = signed_in_user(request)
    place = _city(city)
    _require(actor, "decisions.verify_residents", place)
    form = CodeBatchForm(request.POST)
    if form.is_valid():
        try:
            batch = services.generate_invitation_codes(
                actor, place, count=form.cleaned_data["count"], label=form.cleaned_data["label"]
            )
        except ValidationError as error:
            _add_errors(error, form)
        else:
            count = form.cleaned_data["count"]
            messages.success(
                request,
                ngettext(
                    "%(count)s code is ready: print it or download it.",
                    "%(count)s codes are ready: print them or download them.",
                    count,
                )
                % {"count": count},
            )
            return redirect("decisions:code_batch", pk=batch.pk)
    return _verification_page(request, place, code_form=form, status=400)


@login_required
@require_POST
@rate_limited("decisions.write")
def census_upload(request: HttpRequest, city: str) -> HttpResponse:
    actor = signed_in_user(request)
    place = _city(city)
    _require(actor, "decisions.verify_residents", place)
    form = CensusForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.upload_census(
                actor, place, filename=upload.name or "", data=upload.read()
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(
                request,
                _(
                    "The census list is updated: %(rows)s identifiers, %(added)s added, "
                    "%(removed)s removed."
                )
                % {"rows": result.row_count, "added": result.added, "removed": result.removed},
            )
            return redirect(reverse("decisions:verification", args=[place.slug]) + "#census")
    return _verification_page(request, place, census_form=form, status=400)


@login_required
@require_POST
@rate_limited("decisions.write")
def verify_resident(request: HttpRequest, city: str, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    place = _city(city)
    _require(actor, "decisions.verify_residents", place)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "city"),
        pk=pk,
        city=place,
        role=MembershipRole.RESIDENT,
    )
    try:
        network_services.verify_resident(actor, membership)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request,
            _("%(person)s is now a verified resident of %(city)s.")
            % {"person": membership.user.public_name, "city": place},
        )
    return redirect(reverse("decisions:verification", args=[place.slug]) + "#pending")


def _batch(actor: User, pk: int) -> InvitationBatch:
    batch = get_object_or_404(InvitationBatch.objects.select_related("city", "created_by"), pk=pk)
    _require(actor, "decisions.verify_residents", batch.city)
    return batch


def _verify_url(request: HttpRequest, city: City) -> str:
    return request.build_absolute_uri(reverse("decisions:verify", args=[city.slug]))


@login_required
def code_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable sheet of the batch's unused codes, one card each."""
    actor = signed_in_user(request)
    batch = _batch(actor, pk)
    codes = list(batch.codes.order_by("pk").values_list("code", "used_at"))
    unused = [code for code, used_at in codes if used_at is None]
    return render(
        request,
        "decisions/manage/code_batch.html",
        {
            "batch": batch,
            "city": batch.city,
            "unused": unused,
            "used_count": len(codes) - len(unused),
            "verify_url": _verify_url(request, batch.city),
        },
    )


@login_required
def code_batch_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's codes as CSV, for a mail merge (one row per code, used or not)."""
    actor = signed_in_user(request)
    batch = _batch(actor, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="invitation-codes-{batch.city.slug}-{batch.pk}.csv"'
    )
    writer = csv_writer(response)  # the city's name cannot run as a formula
    writer.writerow(["code", "city", "verify_at", "used_at"])
    # Unused codes verify whoever types them: the audit log says who took a copy.
    record(
        actor,
        "decisions.download_codes",
        obj_label=batch.city,
        city=batch.city,
        batch=batch.pk,
    )
    verify_url = _verify_url(request, batch.city)
    city_name = str(batch.city)
    for code, used_at in batch.codes.order_by("pk").values_list("code", "used_at"):
        writer.writerow([code, city_name, verify_url, used_at.isoformat() if used_at else ""])
    return response


# --- Official answers -------------------------------------------------------------------------


@login_required
@rate_limited("decisions.write")
def proposal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    proposal = selectors.proposal_for_page(pk)
    if proposal is None:
        raise Http404
    _require(actor, "decisions.answer_proposal", proposal)
    form = AnswerForm(
        request.POST or None,
        initial={"answer": proposal.answer or None, "reason": proposal.answer_reason},
    )
    saved, status = _save_form(
        request,
        form,
        lambda: services.answer_proposal(
            actor,
            proposal,
            answer=form.cleaned_data["answer"],
            reason=form.cleaned_data["reason"],
        ),
        _("The answer is published on the proposal and emailed to its author."),
    )
    if saved:
        return redirect(proposal.get_absolute_url())
    return render(
        request,
        "decisions/manage/answer.html",
        {"proposal": proposal, "process": proposal.process, "form": form},
        status=status,
    )


# --- Budgets -------------------------------------------------------------------------------


@login_required
@rate_limited("decisions.write")
def budget_create(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in_user(request)
    process = get_object_or_404(Process.objects.select_related("city"), slug=slug)
    _require(actor, "decisions.manage_process", process)
    lang = _writing_language(request, process.title)
    form = BudgetForm(request.POST or None, city=process.city, lang=lang)
    budget, status = _save_form(
        request,
        form,
        lambda: services.create_budget(actor, process, **form.content()),
        _("The budget is created. Now add its projects."),
    )
    if budget:
        return redirect("decisions:budget_edit", pk=budget.pk)
    url = reverse("decisions:budget_create", args=[process.slug])
    return render(
        request,
        "decisions/manage/budget_form.html",
        {
            "process": process,
            "city": process.city,
            "budget": None,
            "form": form,
            "action": _with_lang(url, lang),
            **_language_context(lang, url),
        },
        status=status,
    )


def _budget(pk: int) -> Budget:
    return get_object_or_404(
        Budget.objects.select_related("process__city", "district").prefetch_related(
            "process__phases"
        ),
        pk=pk,
    )


def _projects_locked(budget: Budget) -> bool:
    return budget.is_closed or budget.ballots.exists()


@login_required
@rate_limited("decisions.write")
def budget_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    budget = _budget(pk)
    _require(actor, "decisions.manage_budget", budget)
    lang = _writing_language(request, budget.title)
    form = BudgetForm(request.POST or None, city=budget.process.city, budget=budget, lang=lang)
    saved, status = _save_form(
        request,
        form,
        lambda: services.update_budget(actor, budget, **form.content()),
        _("The budget is saved."),
    )
    if saved:
        return redirect(_with_lang(reverse("decisions:budget_edit", args=[budget.pk]), lang))
    url = reverse("decisions:budget_edit", args=[budget.pk])
    projects = list(budget.projects.select_related("proposal", "district").order_by("pk"))
    voting = budget.process.phase(PhaseKind.VOTING)
    return render(
        request,
        "decisions/manage/budget_form.html",
        {
            "process": budget.process,
            "city": budget.process.city,
            "budget": budget,
            "form": form,
            "projects": projects,
            "projects_total": sum(p.cost for p in projects),
            "voters": budget.receipts.count(),
            "locked": _projects_locked(budget),
            "voting": voting,
            "can_close": voting is not None and voting.is_over(),
            "action": _with_lang(url, lang),
            **_language_context(lang, url),
        },
        status=status,
    )


@login_required
@rate_limited("decisions.write")
def budget_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the vote and publish the results (the daily job does it too)."""
    actor = signed_in_user(request)
    budget = _budget(pk)
    _require(actor, "decisions.manage_budget", budget)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            outcome = services.close_budget(actor, budget)
        except ValidationError as error:
            errors = list(error.messages)
            status = 400
        else:
            winners = sum(1 for result in outcome.results if result.selected)
            messages.success(
                request,
                ngettext(
                    "The vote is closed: %(ballots)s ballot counted, %(winners)s projects "
                    "selected. The results are public.",
                    "The vote is closed: %(ballots)s ballots counted, %(winners)s projects "
                    "selected. The results are public.",
                    outcome.ballots,
                )
                % {"ballots": outcome.ballots, "winners": winners},
            )
            return redirect("decisions:budget", pk=budget.pk)
    voting = budget.process.phase(PhaseKind.VOTING)
    return render(
        request,
        "decisions/manage/budget_close.html",
        {
            "budget": budget,
            "process": budget.process,
            "city": budget.process.city,
            "voting": voting,
            "can_close": voting is not None and voting.is_over(),
            "voters": budget.receipts.count(),
            "errors": errors,
        },
        status=status,
    )


# --- Projects on a ballot ------------------------------------------------------------------


@login_required
@rate_limited("decisions.write")
def project_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    budget = _budget(pk)
    _require(actor, "decisions.manage_budget", budget)
    lang = _writing_language(request, budget.title)
    proposals = (
        Proposal.objects.filter(process=budget.process, state=ProposalState.ACCEPTED)
        .exclude(budget_projects__budget=budget)
        .order_by("title", "pk")
    )
    form = ProjectForm(request.POST or None, budget=budget, proposals=proposals, lang=lang)
    saved, status = _save_form(
        request,
        form,
        lambda: services.add_project(actor, budget, **form.content()),
        _("The project is on the ballot."),
    )
    if saved:
        return redirect(reverse("decisions:budget_edit", args=[budget.pk]) + "#projects")
    url = reverse("decisions:project_create", args=[budget.pk])
    return _project_page(request, budget, None, form, url, lang, status)


def _project(pk: int) -> BudgetProject:
    return get_object_or_404(
        BudgetProject.objects.select_related("budget__process__city", "proposal", "district"),
        pk=pk,
    )


@login_required
@rate_limited("decisions.write")
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    project = _project(pk)
    budget = project.budget
    _require(actor, "decisions.manage_budget", budget)
    lang = _writing_language(request, project.title)
    form = ProjectForm(request.POST or None, budget=budget, project=project, lang=lang)
    saved, status = _save_form(
        request,
        form,
        lambda: services.update_project(actor, project, **form.content()),
        _("The project is saved."),
    )
    if saved:
        return redirect(reverse("decisions:budget_edit", args=[budget.pk]) + "#projects")
    url = reverse("decisions:project_edit", args=[project.pk])
    return _project_page(request, budget, project, form, url, lang, status)


def _project_page(
    request: HttpRequest,
    budget: Budget,
    project: BudgetProject | None,
    form: ProjectForm,
    url: str,
    lang: str,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "decisions/manage/project_form.html",
        {
            "budget": budget,
            "process": budget.process,
            "city": budget.process.city,
            "project": project,
            "form": form,
            "locked": _projects_locked(budget),
            "action": _with_lang(url, lang),
            **_language_context(lang, url),
        },
        status=status,
    )


@login_required
@rate_limited("decisions.write")
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    project = _project(pk)
    budget = project.budget
    _require(actor, "decisions.manage_budget", budget)
    back = reverse("decisions:budget_edit", args=[budget.pk]) + "#projects"
    if request.method == "POST":
        try:
            services.remove_project(actor, project)
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(
                request, _("The project %(title)s is removed.") % {"title": project.title}
            )
        return redirect(back)
    return render(
        request,
        "decisions/manage/project_delete.html",
        {
            "project": project,
            "budget": budget,
            "process": budget.process,
            "city": budget.process.city,
            "locked": _projects_locked(budget),
            "back": back,
        },
    )


# --- Accountability --------------------------------------------------------------------------


def _implementation(pk: int) -> Implementation:
    implementation = selectors.implementation_for_page(pk)
    if implementation is None:
        raise Http404
    return implementation


def _implementation_page(
    request: HttpRequest,
    implementation: Implementation,
    *,
    update_form: ImplementationUpdateForm | None = None,
    milestone_form: MilestoneForm | None = None,
    photo_form: PhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    ui_lang = (translation.get_language() or "en").split("-")[0]
    return render(
        request,
        "decisions/manage/implementation.html",
        {
            "implementation": implementation,
            "city": implementation.city,
            "process": implementation.process,
            "update_form": update_form
            or ImplementationUpdateForm(
                initial={
                    "status": implementation.status,
                    "progress": implementation.progress,
                    "language": ui_lang if ui_lang in EU_LANGUAGE_NAMES else "en",
                }
            ),
            "milestone_form": milestone_form or MilestoneForm(prefix="milestone"),
            "photo_form": photo_form or PhotoForm(prefix="photo"),
            "milestones": list(implementation.milestones.all()),
            "photos": list(implementation.photos.all()),
            "updates": list(implementation.updates.all()[:5]),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@rate_limited("decisions.write")
def implementation_update(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    implementation = _implementation(pk)
    _require(actor, "decisions.update_implementation", implementation)
    if request.method != "POST":
        return _implementation_page(request, implementation)
    form = ImplementationUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.update_implementation(actor, implementation, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(error, form)
        else:
            messages.success(request, _("The update is published on the accountability page."))
            return redirect(implementation.get_absolute_url())
    return _implementation_page(request, implementation, update_form=form, status=400)


@login_required
@require_POST
@rate_limited("decisions.write")
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    implementation = _implementation(pk)
    _require(actor, "decisions.update_implementation", implementation)
    form = MilestoneForm(request.POST, prefix="milestone")
    if form.is_valid():
        try:
            services.add_milestone(actor, implementation, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(error, form)
        else:
            messages.success(request, _("The milestone is added."))
            return redirect(_implementation_staff_url(implementation, "milestones"))
    return _implementation_page(request, implementation, milestone_form=form, status=400)


def _implementation_staff_url(implementation: Implementation, anchor: str) -> str:
    return reverse("decisions:implementation_update", args=[implementation.pk]) + f"#{anchor}"


@login_required
@require_POST
@rate_limited("decisions.write")
def milestone_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a milestone done today, undo that, or remove it."""
    actor = signed_in_user(request)
    milestone = get_object_or_404(Milestone.objects.select_related("implementation"), pk=pk)
    implementation = milestone.implementation
    _require(actor, "decisions.update_implementation", implementation)
    action = request.POST.get("action", "")
    try:
        if action == "done":
            services.set_milestone_done(actor, milestone, done_on=timezone.localdate())
            messages.success(request, _("The milestone is marked done today."))
        elif action == "undo":
            services.set_milestone_done(actor, milestone, done_on=None)
            messages.success(request, _("The milestone is marked not done."))
        elif action == "remove":
            services.remove_milestone(actor, milestone)
            messages.success(request, _("The milestone is removed."))
        else:
            messages.error(request, _("Choose what to do with the milestone."))
    except ValidationError as error:
        _error_messages(request, error)
    return redirect(_implementation_staff_url(implementation, "milestones"))


@login_required
@require_POST
@rate_limited("decisions.write")
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    implementation = _implementation(pk)
    _require(actor, "decisions.update_implementation", implementation)
    form = PhotoForm(request.POST, request.FILES, prefix="photo")
    if form.is_valid():
        try:
            services.add_implementation_photo(
                actor,
                implementation,
                image=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
            )
        except ValidationError as error:
            _add_errors(error, form)
        else:
            messages.success(request, _("The photo is added."))
            return redirect(_implementation_staff_url(implementation, "photos"))
    return _implementation_page(request, implementation, photo_form=form, status=400)


@login_required
@require_POST
@rate_limited("decisions.write")
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    photo = get_object_or_404(ImplementationPhoto.objects.select_related("implementation"), pk=pk)
    implementation = photo.implementation
    _require(actor, "decisions.update_implementation", implementation)
    services.remove_implementation_photo(actor, photo)
    messages.success(request, _("The photo is removed."))
    return redirect(_implementation_staff_url(implementation, "photos"))
