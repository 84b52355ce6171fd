"""Public pages of local decisions: processes, proposals, budgets, verification, accountability.

Thin views: they read through ``selectors``, write through ``services`` and turn the
services' errors into form errors or messages. Every page works without JavaScript;
htmx only refreshes parts of a page (the proposals list, a support button, a ballot's
running total).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from metroagora.accounts.http import is_htmx, signed_in_user
from metroagora.accounts.models import User
from metroagora.core.ratelimit import rate_limited
from metroagora.core.spreadsheets import csv_writer
from metroagora.decisions import charts, selectors, services
from metroagora.decisions.forms import (
    AccountabilityFilterForm,
    CensusForm,
    CodeForm,
    ProcessFilterForm,
    ProposalFilterForm,
    ProposalForm,
    ProposalImageForm,
)
from metroagora.decisions.models import (
    BallotReceipt,
    Budget,
    BudgetProject,
    CensusEntry,
    Implementation,
    Participation,
    PhaseKind,
    Process,
    ProcessPhase,
    ProcessStatus,
    Proposal,
    ProposalImage,
    ProposalState,
)
from metroagora.forum.models import Contribution, Visibility
from metroagora.network.models import City, Membership, MembershipRole

PROCESS_PAGE_SIZE = 20
COMMENTS_SHOWN = 3


# --- Helpers ---------------------------------------------------------------------------


def _language() -> str:
    """The language people most likely write in: the one of the pages they read."""
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go back to: a ``next`` on this site, or ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _visible_process(request: HttpRequest, slug: str) -> Process:
    process = selectors.process_for_page(slug)
    if process is None or not request.user.has_perm("decisions.view_process", process):
        raise Http404
    return process


def _visible_proposal(request: HttpRequest, pk: int) -> Proposal:
    proposal = selectors.proposal_for_page(pk)
    if proposal is None or not request.user.has_perm("decisions.view_process", proposal.process):
        raise Http404
    return proposal


def _visible_budget(request: HttpRequest, pk: int) -> Budget:
    budget = selectors.budget_for_page(pk)
    if budget is None or not request.user.has_perm("decisions.view_process", budget.process):
        raise Http404
    return budget


def _needs_verification(user: Any, process: Process, problem: str | None) -> bool:
    """The reason a signed-in person cannot take part is that they are not verified."""
    return bool(
        problem
        and user.is_authenticated
        and process.is_published
        and process.participation == Participation.VERIFIED
    )


def _error_text(error: ValidationError | PermissionDenied, default: str) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages) or default
    return str(error) or default


# --- Processes -------------------------------------------------------------------------


def _filter_processes(queryset: QuerySet[Process], filters: dict[str, Any]) -> QuerySet[Process]:
    if filters.get("city"):
        queryset = queryset.filter(city=filters["city"])
    phase = filters.get("phase") or ""
    if phase:
        now = timezone.now()
        current = ProcessPhase.objects.filter(
            process=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now
        )
        if phase != "open":
            current = current.filter(kind=phase)
        queryset = queryset.filter(Exists(current))
    return queryset


def process_list(request: HttpRequest) -> HttpResponse:
    form = ProcessFilterForm(request.GET or None, cities=City.objects.order_by("slug"))
    processes = _filter_processes(selectors.processes(request.user), form.filters())
    page = Paginator(processes, PROCESS_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    cards = []
    for item in page.object_list:
        phases = item.phase_list()
        cards.append(
            {
                "process": item,
                "current": next((p for p in phases if p.is_current(now)), None),
                "next": next((p for p in phases if p.starts_at > now), None),
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("partial", None)
    embedded = request.GET.get("partial") == "results"
    return render(
        request,
        "decisions/_partials/process_results.html"
        if is_htmx(request) or embedded
        else "decisions/process_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "cards": cards,
            "embedded": embedded,
            "heading": "h3" if embedded else "h2",
        },
    )


def _timeline(process: Process) -> list[dict[str, Any]]:
    now = timezone.now()
    return [
        {
            "phase": phase,
            "state": "current"
            if phase.is_current(now)
            else ("done" if phase.is_over(now) else "upcoming"),
        }
        for phase in process.phase_list()
    ]


def process(request: HttpRequest, slug: str) -> HttpResponse:
    process = _visible_process(request, slug)
    user = request.user
    problem = services.participation_problem(user, process)
    phases = process.phase_list()
    current = process.current_phase()
    budgets = sorted(process.budgets.all(), key=lambda b: b.pk)
    can_manage = user.has_perm("decisions.manage_process", process)
    return render(
        request,
        "decisions/process.html",
        {
            "process": process,
            "timeline": _timeline(process),
            "current": current,
            "starts_at": phases[0].starts_at if phases else None,
            "not_started": bool(phases) and current is None and not phases[0].is_over(),
            "ended": bool(phases) and phases[-1].is_over(),
            "proposals_phase": process.phase(PhaseKind.PROPOSALS),
            "problem": problem,
            "needs_verification": _needs_verification(user, process, problem),
            "figures": selectors.process_figures(process),
            "budgets": budgets,
            "categories": list(process.categories.all()),
            "can_manage": can_manage,
            "can_manage_city": user.has_perm("decisions.manage_processes", process.city),
        },
    )


# --- Proposals -------------------------------------------------------------------------


def _support_context(process: Process, problem: str | None) -> dict[str, Any]:
    supports_open = process.is_in_phase(PhaseKind.SUPPORTS)
    return {
        "supports_open": supports_open,
        "can_support": supports_open and problem is None,
        "threshold": process.support_threshold,
        "supportable": services.SUPPORTABLE,
    }


def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = _visible_process(request, slug)
    user = request.user
    form = ProposalFilterForm(request.GET or None, process=process)
    filters = form.filters()
    page = selectors.proposal_page(
        selectors.filter_proposals(process, filters), form.ordering(), request.GET.get("page")
    )
    proposals = list(page.object_list)
    supports_open = process.is_in_phase(PhaseKind.SUPPORTS)
    problem = services.participation_problem(user, process) if supports_open else None
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "process": process,
        "form": form,
        "page": page,
        "proposals": proposals,
        "query": query.urlencode(),
        "supported_ids": selectors.supported_ids(user, proposals),
        "problem": problem,
        "needs_verification": _needs_verification(user, process, problem),
        "proposals_open": process.is_in_phase(PhaseKind.PROPOSALS),
        "next_url": request.get_full_path(),
        **_support_context(process, problem),
    }
    if is_htmx(request):
        return render(request, "decisions/_partials/proposal_results.html", context)
    return render(request, "decisions/proposal_list.html", context)


def _comments(proposal: Proposal) -> tuple[list[Contribution], int]:
    """The latest comments of the proposal's Forum debate, and how many there are."""
    if not proposal.debate_id:
        return [], 0
    visible = Contribution.objects.filter(
        debate_id=proposal.debate_id, depth=0, visibility=Visibility.VISIBLE
    )
    latest = list(visible.select_related("author").order_by("-created_at", "-pk")[:COMMENTS_SHOWN])
    return latest, visible.count()


def _edit_problem(proposal: Proposal) -> str | None:
    """Why the author can no longer edit the proposal (the service says the same)."""
    if proposal.state != ProposalState.PUBLISHED or not proposal.process.is_in_phase(
        PhaseKind.PROPOSALS
    ):
        return _("This proposal can no longer be edited.")
    if proposal.support_count:
        return _("People already support this proposal as it is: it can no longer be edited.")
    return None


def _osm_url(latitude: float, longitude: float) -> str:
    return (
        f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}"
        f"#map=17/{latitude:.5f}/{longitude:.5f}"
    )


def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    process = proposal.process
    user = request.user
    problem = services.participation_problem(user, process)
    comments, comment_count = _comments(proposal)
    is_author = user.has_perm("decisions.edit_proposal", proposal)
    implementation = (
        Implementation.objects.filter(proposal=proposal).first()
        if proposal.state == ProposalState.ACCEPTED
        else None
    )
    has_map = proposal.latitude is not None and proposal.longitude is not None
    return render(
        request,
        "decisions/proposal.html",
        {
            "proposal": proposal,
            "process": process,
            "images": list(proposal.images.all()),
            "supported_ids": selectors.supported_ids(user, [proposal]),
            "problem": problem,
            "needs_verification": _needs_verification(user, process, problem),
            "comments": comments,
            "comment_count": comment_count,
            "debate": proposal.debate if proposal.debate_id else None,
            "is_author": is_author,
            "edit_problem": _edit_problem(proposal) if is_author else None,
            "can_withdraw": is_author
            and proposal.state in services.SUPPORTABLE
            and not proposal.answer,
            "can_answer": user.has_perm("decisions.answer_proposal", proposal),
            "implementation": implementation,
            "projects": list(proposal.budget_projects.select_related("budget").order_by("pk")),
            "map_url": _osm_url(proposal.latitude, proposal.longitude)  # type: ignore[arg-type]
            if has_map
            else "",
            "next_url": request.get_full_path(),
            **_support_context(process, problem),
        },
    )


def _refused(request: HttpRequest, process: Process, reason: str) -> HttpResponse:
    problem = services.participation_problem(request.user, process)
    return render(
        request,
        "decisions/refused.html",
        {
            "process": process,
            "reason": reason,
            "needs_verification": _needs_verification(request.user, process, problem),
            "proposals_phase": process.phase(PhaseKind.PROPOSALS),
        },
        status=403,
    )


def _submit_problem(user: User, process: Process) -> str | None:
    problem = services.participation_problem(user, process)
    if problem:
        return problem
    if not process.is_in_phase(PhaseKind.PROPOSALS):
        return _("This process does not take proposals now: the proposals phase is not open.")
    return None


@login_required
@rate_limited("decisions.write")
def proposal_new(request: HttpRequest, slug: str) -> HttpResponse:
    process = _visible_process(request, slug)
    user = signed_in_user(request)
    refusal = _submit_problem(user, process)
    if refusal:
        return _refused(request, process, refusal)
    form = ProposalForm(request.POST or None, process=process, initial={"language": _language()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                proposal = services.submit_proposal(user, process, **form.cleaned_data)
            except PermissionDenied as error:
                return _refused(request, process, _error_text(error, refusal or ""))
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Your proposal is published. You can add images to it while "
                        "the proposals phase is open."
                    ),
                )
                return redirect(proposal.get_absolute_url())
    return render(
        request,
        "decisions/proposal_form.html",
        {"form": form, "process": process, "proposal": None},
        status=status,
    )


def _own_proposal(request: HttpRequest, pk: int) -> tuple[User, Proposal]:
    proposal = _visible_proposal(request, pk)
    user = signed_in_user(request)
    if not user.has_perm("decisions.edit_proposal", proposal):
        raise PermissionDenied
    return user, proposal


@login_required
@rate_limited("decisions.write")
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, proposal = _own_proposal(request, pk)
    process = proposal.process
    refusal = _edit_problem(proposal)
    if refusal:
        return _refused(request, process, refusal)
    form = ProposalForm(
        request.POST or None, process=process, initial=ProposalForm.initial_for(proposal)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.edit_proposal(user, proposal, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your proposal is updated."))
                return redirect(proposal.get_absolute_url())
    return render(
        request,
        "decisions/proposal_form.html",
        {"form": form, "process": process, "proposal": proposal},
        status=status,
    )


@login_required
@rate_limited("decisions.write")
def proposal_images(request: HttpRequest, pk: int) -> HttpResponse:
    user, proposal = _own_proposal(request, pk)
    form = ProposalImageForm(prefix="image")
    status = 200
    if request.method == "POST":
        remove = request.POST.get("remove", "")
        if remove:
            if not remove.isdigit():
                raise Http404
            picture = get_object_or_404(ProposalImage, pk=int(remove), proposal=proposal)
            services.remove_proposal_image(user, picture)
            messages.success(request, _("The image is removed."))
            return redirect("decisions:proposal_images", pk=proposal.pk)
        form = ProposalImageForm(request.POST, request.FILES, prefix="image")
        status = 400
        if form.is_valid():
            try:
                services.add_proposal_image(
                    user,
                    proposal,
                    image=form.cleaned_data["image"],
                    alt_text=form.cleaned_data["alt_text"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The image is added."))
                return redirect("decisions:proposal_images", pk=proposal.pk)
    return render(
        request,
        "decisions/proposal_images.html",
        {
            "proposal": proposal,
            "images": list(proposal.images.all()),
            "form": form,
            "max_images": services.MAX_IMAGES_PER_PROPOSAL,
        },
        status=status,
    )


@login_required
@rate_limited("decisions.write")
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user, proposal = _own_proposal(request, pk)
    if request.method == "POST":
        try:
            services.withdraw_proposal(user, proposal)
        except ValidationError as error:
            messages.error(request, _error_text(error, _("The proposal cannot be withdrawn.")))
        else:
            messages.success(request, _("Your proposal is withdrawn."))
        return redirect(proposal.get_absolute_url())
    return render(request, "decisions/proposal_withdraw.html", {"proposal": proposal})


@login_required
@require_POST
@rate_limited("decisions.support")
def proposal_support(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    user = signed_in_user(request)
    action = request.POST.get("action", "")
    note, error = "", ""
    try:
        if action == "support":
            services.support_proposal(user, proposal)
            note = _("Thank you: you support this proposal.")
        elif action == "withdraw":
            services.withdraw_support(user, proposal)
            note = _("Your support is withdrawn.")
        else:
            error = _("Choose to support the proposal or to withdraw your support.")
    except (ValidationError, PermissionDenied) as refusal:
        error = _error_text(refusal, _("You cannot support this proposal."))
    back = _next_url(request, proposal.get_absolute_url())
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, note)
        return redirect(back)
    proposal.refresh_from_db(fields=["support_count", "state"])
    process = proposal.process
    problem = services.participation_problem(user, process)
    return render(
        request,
        "decisions/_partials/support.html",
        {
            "p": proposal,
            "supported_ids": selectors.supported_ids(user, [proposal]),
            "note": note,
            "error": error,
            "next_url": back,
            **_support_context(process, problem),
        },
    )


# --- Budgets ---------------------------------------------------------------------------


def _known_ids(raw: Iterable[str], projects: list[BudgetProject]) -> set[int]:
    """The project ids of this budget among what was posted (anything else is dropped)."""
    known = {p.pk for p in projects}
    chosen = set()
    for value in raw:
        if str(value).isdigit() and int(value) in known:
            chosen.add(int(value))
    return chosen


def _ballot_status(budget: Budget, projects: list[BudgetProject], chosen: set[int]) -> dict:
    """The running total of a ballot, and what is wrong with it (nothing saved)."""
    total = selectors.ballot_total(projects, chosen)
    count = len(chosen)
    problems = []
    if total > budget.amount:
        problems.append(
            _("Over the budget by %(excess)s %(currency)s: remove a project.")
            % {"excess": _money(total - budget.amount), "currency": budget.currency}
        )
    if count and count < budget.min_projects:
        problems.append(
            ngettext(
                "Choose at least %(count)s project.",
                "Choose at least %(count)s projects.",
                budget.min_projects,
            )
            % {"count": budget.min_projects}
        )
    if budget.max_projects is not None and count > budget.max_projects:
        problems.append(
            ngettext(
                "Choose at most %(count)s project.",
                "Choose at most %(count)s projects.",
                budget.max_projects,
            )
            % {"count": budget.max_projects}
        )
    return {
        "total": total,
        "remaining": budget.amount - total,
        "count": count,
        "over": total > budget.amount,
        "problems": problems,
    }


def _money(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral() else f"{value:,.2f}"


def _budget_page(
    request: HttpRequest,
    budget: Budget,
    *,
    chosen: set[int] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    process = budget.process
    projects = list(budget.projects.all())
    context: dict[str, Any] = {
        "budget": budget,
        "process": process,
        "projects": projects,
        "voting_phase": process.phase(PhaseKind.VOTING),
        "errors": errors or [],
    }
    if budget.is_closed:
        results = selectors.results_order(projects)
        spent = sum((p.cost for p in projects if p.selected), Decimal(0))
        context.update(
            results=results,
            spent=spent,
            left=budget.amount - spent,
            selected_count=sum(1 for p in projects if p.selected),
            results_chart=charts.budget_results_chart(results, chart_id="results-chart"),
            spending_chart=charts.spending_chart(
                spent, budget.amount, budget.currency, chart_id="spending-chart"
            ),
        )
    else:
        problem = services.voting_problem(user, budget)
        saved = services.my_ballot(user, budget)
        receipt = (
            BallotReceipt.objects.filter(budget=budget, user=user).first()
            if user.is_authenticated
            else None
        )
        current = saved if chosen is None else chosen
        context.update(
            problem=problem,
            needs_verification=_needs_verification(
                user, process, services.participation_problem(user, process) if problem else None
            ),
            receipt=receipt,
            chosen=current,
            ballot=_ballot_status(budget, projects, current),
        )
    return render(request, "decisions/budget.html", context, status=status)


def budget(request: HttpRequest, pk: int) -> HttpResponse:
    return _budget_page(request, _visible_budget(request, pk))


@login_required
@require_POST
@rate_limited("decisions.vote")
def budget_vote(request: HttpRequest, pk: int) -> HttpResponse:
    budget = _visible_budget(request, pk)
    user = signed_in_user(request)
    raw = request.POST.getlist("projects")
    projects = list(budget.projects.all())
    if request.POST.get("preview"):
        chosen = _known_ids(raw, projects)
        if is_htmx(request):
            return render(
                request,
                "decisions/_partials/ballot_total.html",
                {"budget": budget, "ballot": _ballot_status(budget, projects, chosen)},
            )
        return _budget_page(request, budget, chosen=chosen)
    try:
        services.cast_ballot(user, budget, raw)
    except ValidationError as error:
        return _budget_page(
            request,
            budget,
            chosen=_known_ids(raw, projects),
            errors=[str(m) for m in error.messages],
            status=400,
        )
    phase = budget.process.phase(PhaseKind.VOTING)
    messages.success(
        request,
        _("Your ballot is saved. You can change it until the vote closes on %(date)s.")
        % {"date": timezone.localtime(phase.ends_at).strftime("%Y-%m-%d %H:%M")}
        if phase
        else _("Your ballot is saved."),
    )
    return redirect(budget.get_absolute_url())


class _Echo:
    """A file-like object that hands back what is written (for streaming CSV)."""

    def write(self, value: str) -> str:
        return value


def budget_ballots_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    budget = _visible_budget(request, pk)
    if not budget.is_closed:
        raise Http404
    writer = csv_writer(_Echo())  # numbers and 0/1 only; safe if a text is ever added
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in services.anonymous_ballots(budget)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="budget-{budget.pk}-ballots.csv"'
    return response


# --- Resident verification ---------------------------------------------------------------


@login_required
@rate_limited("decisions.verify", in_view=True)
def verify(request: HttpRequest, city: str) -> HttpResponse:
    place = get_object_or_404(City, slug=city)
    user = signed_in_user(request)
    membership = Membership.objects.filter(
        user=user, city=place, role=MembershipRole.RESIDENT
    ).first()
    has_census = CensusEntry.objects.filter(city=place).exists()
    code_form, census_form = CodeForm(), CensusForm()
    back = _next_url(request, "")
    status = 200
    if request.method == "POST" and not (membership and membership.is_verified):
        method = request.POST.get("method", "")
        form: CodeForm | CensusForm
        if method == "census" and has_census:
            form = census_form = CensusForm(request.POST)
        elif method == "code":
            form = code_form = CodeForm(request.POST)
        else:
            messages.error(request, _("Choose a way to verify: an invitation code or your ID."))
            return redirect("decisions:verify", city=place.slug)
        status = 400
        if getattr(request, "rate_limited", False):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many attempts. Wait an hour and try again, or ask the city to "
                    "check you in person."
                ),
            )
            status = 429
        elif form.is_valid():
            try:
                if isinstance(form, CodeForm):
                    services.verify_with_code(user, place, form.cleaned_data["code"])
                else:
                    services.verify_with_census(user, place, form.cleaned_data["identifier"])
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("You are now a verified resident of %(city)s: you can take part.")
                    % {"city": place},
                )
                return redirect(back or reverse("decisions:verify", kwargs={"city": place.slug}))
    processes = list(
        Process.objects.filter(city=place, status=ProcessStatus.PUBLISHED).order_by("-created_at")[
            :10
        ]
    )
    return render(
        request,
        "decisions/verify.html",
        {
            "city": place,
            "membership": membership,
            "code_form": code_form,
            "census_form": census_form,
            "has_census": has_census,
            "next_url": back,
            "processes": processes,
        },
        status=status,
    )


# --- Accountability ----------------------------------------------------------------------


def accountability(request: HttpRequest, city: str) -> HttpResponse:
    place = get_object_or_404(City, slug=city)
    sees_drafts = request.user.has_perm("decisions.manage_processes", place)
    processes = Process.objects.filter(city=place).order_by("-created_at", "-pk")
    if not sees_drafts:
        processes = processes.filter(status=ProcessStatus.PUBLISHED)
    form = AccountabilityFilterForm(request.GET or None, processes=processes)
    filters = form.filters()
    records = selectors.implementations(place)
    if not sees_drafts:
        records = records.filter(process__status=ProcessStatus.PUBLISHED)
    if filters.get("process"):
        records = records.filter(process=filters["process"])
    everything = list(records)
    summary = selectors.accountability_summary(everything)
    status = filters.get("status") or ""
    shown = [r for r in everything if not status or r.status == status]
    today = timezone.localdate()
    currencies = {record.currency for record in everything}
    rows = [
        {
            "record": record,
            "next_milestone": next((m for m in record.milestones.all() if m.done_on is None), None),
            "today": today,
        }
        for record in shown
    ]
    return render(
        request,
        "decisions/accountability.html",
        {
            "city": place,
            "form": form,
            "summary": summary,
            "rows": rows,
            "today": today,
            "currency": currencies.pop() if len(currencies) == 1 else "",
            "status_chart": charts.status_chart(summary.by_status, chart_id="status-chart"),
        },
    )


def implementation(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.implementation_for_page(pk)
    if record is None or not request.user.has_perm("decisions.view_process", record.process):
        raise Http404
    milestones = list(record.milestones.all())
    return render(
        request,
        "decisions/implementation.html",
        {
            "record": record,
            "milestones": milestones,
            "updates": sorted(
                record.updates.all(), key=lambda u: (u.created_at, u.pk), reverse=True
            ),
            "photos": list(record.photos.all()),
            "today": timezone.localdate(),
            "can_update": request.user.has_perm("decisions.update_implementation", record),
        },
    )
