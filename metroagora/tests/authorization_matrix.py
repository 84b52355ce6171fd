"""The authorisation matrix: what every role gets at every address of the site.

Read by ``test_authorization_matrix.py``, which fails for any URL pattern (or API
operation) that has no entry here, and for any answer that differs from the table.

Format
------
``MATRIX`` maps a URL pattern's key to an ``Entry``: one or more ``Case`` (addresses of
that pattern built from the test world, ``metroagora/tests/world.py``). The key is the
name given to ``reverse()`` (``"events:detail"``, ``"api-1:get_event"``); an unnamed
pattern's key is its route without the language prefix (``"favicon.ico"``). A ``Case``
gives:

* ``kwargs`` for ``reverse()``: a ``str`` is a dotted path in the world
  (``"draft_event.slug"``), ``Raw("en")`` a literal string, an ``int`` itself;
* ``get=`` and/or ``post=``: the outcome of each role of ``world.ROLES`` (anonymous,
  participant, resident of city A, policymaker, moderator, coordinator of city A,
  coordinator of city B, network admin). Outcomes: ``OK`` (200), ``LOGIN`` (sent to
  sign in), ``FORBIDDEN`` (403), ``NOT_FOUND`` (404), ``NOT_ALLOWED`` (405),
  ``REDIRECT`` (elsewhere), ``BAD_REQUEST``, ``UNAUTHORISED`` (API without token),
  ``CONFLICT``, ``ADMIN_LOGIN``, ``REACHED`` (200 or a redirect: admin object pages);
  in ``post=``, ``ALLOWED`` marks the roles that may act (their write is not
  performed; every other role's POST is sent, and must be refused);
* ``label`` (what the case is about: "draft"), ``data`` (what a refused role posts,
  when an empty POST would not reach the permission check), ``witness`` (a value a
  refused POST must leave unchanged, for views that refuse with a redirect), ``path``
  (the address itself, for a pattern ``reverse()`` cannot build).

An ``Entry`` with ``csrf_exempt=True`` (and a ``note`` saying why) takes POSTs without
a CSRF token; the test checks every other address refuses an anonymous one.

The role maps are written with the helpers of ``matrix_format``: ``everyone(OK)``,
``signed_in()`` (anonymous visitors sent to sign in, others 200), ``only(STAFF_A)``
(city A's coordinator and network admins 200, other signed-in roles 403, anonymous
sent to sign in; ``yes=``, ``no=``, ``anonymous=`` change the three answers), and
``roles(default, role=outcome, ...)``. GET checks pages; ``post=`` is given where the
address takes POSTs (forms, actions) and some role is refused.

The admin's pages are not listed one by one: ``admin_entries()`` writes them for every
registered model (staff only; the network admin reaches each page the ModelAdmin
allows). The admin site's own pages are in ``ADMIN_SITE``; any other admin URL needs
an entry.

The network editor role is not one of the eight roles: the apps' own per-role tests
cover it.

Tokens in addresses (registration links, feed tokens, unsubscribe links) are secrets:
whoever holds one may open the page, whatever their role.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib import admin
from django.test import RequestFactory

from metroagora.tests.matrix_format import (
    ADMIN_LOGIN,
    ADMINS,
    ALLOWED,
    BAD_REQUEST,
    CONFLICT,
    COORDINATORS,
    FORBIDDEN,
    LOGIN,
    MODERATORS,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REACHED,
    REDIRECT,
    STAFF_A,
    STAFF_B,
    UNAUTHORISED,
    Case,
    Entry,
    Raw,
    entry,
    everyone,
    only,
    roles,
    signed_in,
)
from metroagora.tests.world import ROLES, World

MATRIX: dict[str, Entry] = {
    "healthz": entry(Case(get=everyone(OK))),
    "europe_map": entry(Case(get=everyone(OK))),
    "set_language": entry(Case(get=everyone(REDIRECT))),
    "favicon.ico": entry(Case(path="/favicon.ico", get=everyone(REDIRECT))),
    "sitemap": entry(Case(get=everyone(OK))),
    "sitemap_section": entry(Case({"section": Raw("pages")}, get=everyone(OK))),
    "account_login": entry(Case(get=signed_in(REDIRECT, anonymous=OK))),
    "account_logout": entry(Case(get=signed_in(OK, anonymous=REDIRECT))),
    "account_inactive": entry(Case(get=everyone(OK))),
    "account_signup": entry(Case(get=signed_in(REDIRECT, anonymous=OK))),
    "account_reauthenticate": entry(Case(get=signed_in(), post=signed_in(ALLOWED))),
    "account_request_reauthentication_code": entry(Case(get=signed_in(), post=signed_in(ALLOWED))),
    "account_confirm_reauthentication_code": entry(
        Case(get=signed_in(REDIRECT), post=signed_in(ALLOWED))
    ),
    "account_email": entry(Case(get=signed_in(), post=signed_in(ALLOWED))),
    "account_email_verification_sent": entry(Case(get=everyone(OK))),
    "account_change_password": entry(Case(get=signed_in(), post=signed_in(ALLOWED))),
    "account_set_password": entry(Case(get=signed_in(REDIRECT), post=signed_in(ALLOWED))),
    "account_reset_password": entry(Case(get=everyone(OK))),
    "account_confirm_login_code": entry(Case(get=signed_in(REDIRECT), post=signed_in(ALLOWED))),
    "account_confirm_email": entry(
        Case({"key": Raw("not-a-key")}, get=everyone(OK), post=everyone(NOT_FOUND), label="bad key")
    ),
    "account_reset_password_from_key_done": entry(Case(get=everyone(OK))),
    "account_reset_password_from_key": entry(
        Case({"uidb36": Raw("1"), "key": Raw("not-a-key")}, get=everyone(OK), label="bad key")
    ),
    "account_reset_password_done": entry(Case(get=everyone(OK))),
    "mfa_index": entry(Case(get=signed_in(), post=signed_in(NOT_ALLOWED))),
    "mfa_authenticate": entry(Case(get=signed_in(REDIRECT), post=signed_in(ALLOWED))),
    "mfa_reauthenticate": entry(
        Case(
            get=roles(
                OK, anonymous=LOGIN, participant=REDIRECT, resident=REDIRECT, policymaker=REDIRECT
            ),
            post=signed_in(ALLOWED),
        )
    ),
    "mfa_activate_totp": entry(Case(get=signed_in(REDIRECT), post=signed_in(ALLOWED))),
    "mfa_deactivate_totp": entry(
        Case(
            get=only(
                ("moderator", "coordinator", "other_coordinator", "admin"),
                yes=REDIRECT,
                no=NOT_FOUND,
            ),
            post=only(
                ("moderator", "coordinator", "other_coordinator", "admin"),
                yes=ALLOWED,
                no=NOT_FOUND,
            ),
        )
    ),
    "mfa_view_recovery_codes": entry(Case(get=signed_in(NOT_FOUND), post=signed_in(NOT_ALLOWED))),
    "mfa_generate_recovery_codes": entry(Case(get=signed_in(REDIRECT), post=signed_in(ALLOWED))),
    "mfa_download_recovery_codes": entry(Case(get=signed_in(NOT_FOUND), post=signed_in(NOT_FOUND))),
    "usersessions_list": entry(Case(get=signed_in(), post=signed_in(ALLOWED))),
    "accounts:profile": entry(Case(get=signed_in(), post=signed_in(ALLOWED))),
    "accounts:edit_profile": entry(Case(get=signed_in(), post=signed_in(ALLOWED))),
    "events:list": entry(Case(get=everyone(OK))),
    "events:create": entry(Case(get=only(COORDINATORS), post=only(COORDINATORS, yes=ALLOWED))),
    "events:mine": entry(Case(get=signed_in(), post=signed_in(ALLOWED))),
    "events:feed": entry(Case(get=everyone(OK))),
    "events:city_feed": entry(Case({"slug": "city.slug"}, get=everyone(OK))),
    "events:user_feed": entry(Case({"token": "events_feed_token"}, get=everyone(OK))),
    "events:project_report": entry(
        Case({"slug": "event_project.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "events:registration": entry(Case({"token": "registration.token"}, get=everyone(OK))),
    "events:confirm": entry(Case({"token": "registration.token"}, get=everyone(OK))),
    "events:cancel": entry(Case({"token": "registration.token"}, get=everyone(OK))),
    "events:registration_ics": entry(Case({"token": "registration.token"}, get=everyone(OK))),
    "events:feedback": entry(Case({"token": "registration.token"}, get=everyone(OK))),
    "events:detail": entry(
        Case({"slug": "event.slug"}, get=everyone(OK)),
        Case(
            {"slug": "draft_event.slug"},
            get=only(STAFF_A, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(STAFF_A, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "events:edit": entry(
        Case({"slug": "event.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "events:status": entry(
        Case(
            {"slug": "event.slug"},
            get=signed_in(NOT_ALLOWED),
            post=only(STAFF_A, yes=ALLOWED),
            data=lambda w: {"status": "cancelled"},
            witness=lambda w: type(w.event).objects.get(pk=w.event.pk).status,
        )
    ),
    "events:register": entry(
        Case({"slug": "event.slug"}, get=everyone(NOT_ALLOWED)),
        Case(
            {"slug": "draft_event.slug"},
            get=everyone(NOT_ALLOWED),
            post=only(STAFF_A, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "events:registrations": entry(
        Case({"slug": "event.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "events:check_in": entry(
        Case({"slug": "event.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "events:outputs": entry(
        Case({"slug": "event.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "events:report": entry(
        Case({"slug": "event.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "events:report_csv": entry(
        Case({"slug": "event.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "events:report_xlsx": entry(
        Case({"slug": "event.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "events:attendance_pdf": entry(
        Case({"slug": "event.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "forum:list": entry(Case(get=everyone(OK))),
    "forum:create": entry(Case(get=only(COORDINATORS), post=only(COORDINATORS, yes=ALLOWED))),
    "forum:moderation": entry(Case(get=only(MODERATORS), post=only(MODERATORS, yes=ALLOWED))),
    "forum:notifications": entry(Case(get=signed_in(), post=signed_in(ALLOWED))),
    "forum:unsubscribe": entry(
        Case({"token": "forum_unsubscribe_token"}, get=everyone(NOT_FOUND), label="bad token"),
        csrf_exempt=True,
        note="One-click unsubscribe (RFC 8058): mail programs post without a cookie.",
    ),
    "forum:follow_contribution": entry(
        Case({"pk": "contribution.pk"}, get=signed_in(NOT_ALLOWED), post=signed_in(ALLOWED))
    ),
    "forum:moderation_log": entry(Case(get=only(MODERATORS), post=only(MODERATORS, yes=ALLOWED))),
    "forum:unblock": entry(
        Case({"pk": "blocked.pk"}, get=signed_in(NOT_ALLOWED), post=only(MODERATORS, yes=ALLOWED))
    ),
    "forum:thread": entry(
        Case({"pk": "contribution.pk"}, get=everyone(OK)),
        Case({"pk": "hidden_contribution.pk"}, get=everyone(OK), label="hidden"),
    ),
    "forum:reply": entry(
        Case({"pk": "contribution.pk"}, get=signed_in(NOT_ALLOWED), post=signed_in(ALLOWED))
    ),
    "forum:edit": entry(
        Case(
            {"pk": "contribution.pk"},
            get=only(("participant",)),
            post=only(("participant",), yes=ALLOWED),
        )
    ),
    "forum:delete": entry(
        Case(
            {"pk": "contribution.pk"},
            get=signed_in(NOT_ALLOWED),
            post=only(("participant",), yes=ALLOWED),
        )
    ),
    "forum:agree": entry(
        Case({"pk": "contribution.pk"}, get=signed_in(NOT_ALLOWED), post=signed_in(ALLOWED))
    ),
    "forum:report": entry(
        Case({"pk": "contribution.pk"}, get=signed_in(), post=signed_in(ALLOWED))
    ),
    "forum:moderate": entry(
        Case(
            {"pk": "contribution.pk", "action": Raw("hide")},
            get=signed_in(NOT_ALLOWED),
            post=only(MODERATORS, yes=ALLOWED),
        )
    ),
    "forum:debate": entry(Case({"slug": "debate.slug"}, get=everyone(OK))),
    "forum:post": entry(
        Case({"slug": "debate.slug"}, get=signed_in(NOT_ALLOWED), post=signed_in(ALLOWED)),
        Case(
            {"slug": "closed_debate.slug"},
            get=signed_in(NOT_ALLOWED),
            post=signed_in(BAD_REQUEST),
            data=lambda w: {"text": "Late but important.", "stance": "for"},
            witness=lambda w: w.closed_debate.contributions.count(),
            label="closed",
        ),
    ),
    "forum:close": entry(
        Case(
            {"slug": "debate.slug"},
            get=only(("moderator", "coordinator", "admin")),
            post=only(("moderator", "coordinator", "admin"), yes=ALLOWED),
        )
    ),
    "forum:follow": entry(
        Case({"slug": "debate.slug"}, get=signed_in(NOT_ALLOWED), post=signed_in(ALLOWED))
    ),
    "practices:list": entry(Case(get=everyone(OK))),
    "practices:create": entry(Case(get=only(COORDINATORS), post=only(COORDINATORS, yes=ALLOWED))),
    "practices:queue": entry(Case(get=only(COORDINATORS), post=only(COORDINATORS, yes=ALLOWED))),
    "practices:transfers": entry(Case(get=everyone(OK))),
    "practices:transfer": entry(
        Case(
            {"pk": "transfer.pk"},
            get=everyone(OK),
            post=only(COORDINATORS, yes=ALLOWED, anonymous=FORBIDDEN),
        )
    ),
    "practices:event_practices": entry(
        Case({"slug": "event.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED)),
        Case(
            {"slug": "draft_event.slug"},
            get=only(STAFF_A),
            post=only(STAFF_A, yes=ALLOWED),
            label="draft event",
        ),
    ),
    "practices:detail": entry(
        Case({"slug": "practice.slug"}, get=everyone(OK)),
        Case(
            {"slug": "draft_practice.slug"},
            get=only(STAFF_A, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(STAFF_A, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "practices:edit": entry(
        Case({"slug": "practice.slug"}, get=only(ADMINS), post=only(ADMINS, yes=ALLOWED)),
        Case(
            {"slug": "draft_practice.slug"},
            get=only(STAFF_A),
            post=only(STAFF_A, yes=ALLOWED),
            label="draft",
        ),
    ),
    "practices:media": entry(
        Case({"slug": "practice.slug"}, get=only(ADMINS), post=only(ADMINS, yes=ALLOWED)),
        Case(
            {"slug": "draft_practice.slug"},
            get=only(STAFF_A),
            post=only(STAFF_A, yes=ALLOWED),
            label="draft",
        ),
    ),
    "practices:review": entry(
        Case(
            {"slug": "practice.slug"}, get=signed_in(NOT_ALLOWED), post=only(STAFF_A, yes=ALLOWED)
        ),
        Case(
            {"slug": "draft_practice.slug"},
            get=signed_in(NOT_ALLOWED),
            post=only(STAFF_A, yes=ALLOWED),
            label="draft",
        ),
    ),
    "practices:adopt": entry(
        Case({"slug": "practice.slug"}, get=only(STAFF_B), post=only(STAFF_B, yes=ALLOWED)),
        Case(
            {"slug": "draft_practice.slug"},
            get=roles(NOT_FOUND, anonymous=LOGIN, coordinator=FORBIDDEN, admin=OK),
            post=roles(NOT_FOUND, anonymous=LOGIN, coordinator=FORBIDDEN, admin=ALLOWED),
            label="draft",
        ),
    ),
    "opinions:list": entry(Case(get=everyone(OK))),
    "opinions:create": entry(
        Case(
            get=only(("moderator", "coordinator", "other_coordinator", "admin")),
            post=only(("moderator", "coordinator", "other_coordinator", "admin"), yes=ALLOWED),
        )
    ),
    "opinions:import": entry(
        Case(
            get=only(("moderator", "coordinator", "other_coordinator", "admin")),
            post=only(("moderator", "coordinator", "other_coordinator", "admin"), yes=ALLOWED),
        )
    ),
    "opinions:vote": entry(Case({"slug": "opinion_map.slug"}, get=everyone(OK))),
    "opinions:cast": entry(
        Case(
            {"slug": "opinion_map.slug"},
            get=everyone(NOT_ALLOWED),
            post=signed_in(ALLOWED, anonymous=FORBIDDEN),
        ),
        Case(
            {"slug": "closed_map.slug"},
            get=everyone(NOT_ALLOWED),
            post=everyone(FORBIDDEN),
            label="closed",
        ),
    ),
    "opinions:submit": entry(
        Case(
            {"slug": "opinion_map.slug"},
            get=everyone(NOT_ALLOWED),
            post=signed_in(ALLOWED, anonymous=FORBIDDEN),
        ),
        Case(
            {"slug": "closed_map.slug"},
            get=everyone(NOT_ALLOWED),
            post=everyone(FORBIDDEN),
            label="closed",
        ),
    ),
    "opinions:results": entry(Case({"slug": "opinion_map.slug"}, get=everyone(OK))),
    "opinions:moderate": entry(
        Case(
            {"slug": "opinion_map.slug"},
            get=only(("moderator", "coordinator", "admin")),
            post=only(("moderator", "coordinator", "admin"), yes=ALLOWED),
        )
    ),
    "opinions:report": entry(
        Case(
            {"slug": "opinion_map.slug"},
            get=only(("moderator", "coordinator", "admin")),
            post=only(("moderator", "coordinator", "admin"), yes=ALLOWED),
        )
    ),
    "opinions:export": entry(
        Case(
            {"slug": "opinion_map.slug"},
            get=only(("moderator", "coordinator", "admin")),
            post=only(("moderator", "coordinator", "admin"), yes=ALLOWED),
        )
    ),
    "decisions:list": entry(Case(get=everyone(OK))),
    "decisions:verify": entry(
        Case({"city": "city.slug"}, get=signed_in(), post=signed_in(ALLOWED))
    ),
    "decisions:proposal": entry(
        Case({"pk": "proposal.pk"}, get=everyone(OK)),
        Case(
            {"pk": "draft_proposal.pk"},
            get=only(STAFF_A, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(STAFF_A, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft process",
        ),
    ),
    "decisions:proposal_edit": entry(
        Case(
            {"pk": "proposal.pk"},
            get=only(("participant", "admin")),
            post=only(("participant", "admin"), yes=ALLOWED),
        )
    ),
    "decisions:proposal_images": entry(
        Case(
            {"pk": "proposal.pk"},
            get=only(("participant", "admin")),
            post=only(("participant", "admin"), yes=ALLOWED),
        )
    ),
    "decisions:proposal_withdraw": entry(
        Case(
            {"pk": "proposal.pk"},
            get=only(("participant", "admin")),
            post=only(("participant", "admin"), yes=ALLOWED),
        )
    ),
    "decisions:proposal_support": entry(
        Case(
            {"pk": "proposal.pk"},
            get=signed_in(NOT_ALLOWED),
            # Only verified residents of the process's city support; others are sent back.
            post=only(("resident",), yes=ALLOWED, no=REDIRECT),
            data=lambda w: {"action": "support"},
            witness=lambda w: w.proposal.supports.count(),
        ),
        Case(
            {"pk": "draft_proposal.pk"},
            get=signed_in(NOT_ALLOWED),
            post=only(STAFF_A, yes=ALLOWED, no=NOT_FOUND),
            label="draft process",
        ),
    ),
    "decisions:proposal_answer": entry(
        Case({"pk": "proposal.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:budget": entry(
        Case({"pk": "budget.pk"}, get=everyone(OK)),
        Case(
            {"pk": "draft_budget.pk"},
            get=only(STAFF_A, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(STAFF_A, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft process",
        ),
    ),
    "decisions:budget_vote": entry(
        Case(
            {"pk": "budget.pk"},
            get=signed_in(NOT_ALLOWED),
            # Only verified residents vote: others get the ballot back with the reason.
            post=only(("resident",), yes=ALLOWED, no=BAD_REQUEST),
            data=lambda w: {"projects": [w.budget_project.pk]},
            witness=lambda w: w.budget.receipts.count(),
        ),
        Case(
            {"pk": "draft_budget.pk"},
            get=signed_in(NOT_ALLOWED),
            post=only(STAFF_A, yes=ALLOWED, no=NOT_FOUND),
            label="draft process",
        ),
    ),
    "decisions:budget_ballots_csv": entry(
        Case({"pk": "closed_budget.pk"}, get=everyone(OK), label="closed"),
        Case({"pk": "budget.pk"}, get=everyone(NOT_FOUND), label="open"),
        Case(
            {"pk": "draft_closed_budget.pk"},
            get=only(STAFF_A, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(STAFF_A, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft process",
        ),
    ),
    "decisions:budget_edit": entry(
        Case({"pk": "budget.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:budget_close": entry(
        Case({"pk": "budget.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:project_create": entry(
        Case({"pk": "budget.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:project_edit": entry(
        Case({"pk": "budget_project.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:project_delete": entry(
        Case({"pk": "budget_project.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:accountability": entry(Case({"city": "city.slug"}, get=everyone(OK))),
    "decisions:implementation": entry(
        Case({"pk": "implementation.pk"}, get=everyone(OK)),
        Case(
            {"pk": "draft_implementation.pk"},
            get=only(STAFF_A, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(STAFF_A, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft process",
        ),
    ),
    "decisions:implementation_update": entry(
        Case({"pk": "implementation.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:milestone_add": entry(
        Case(
            {"pk": "implementation.pk"}, get=signed_in(NOT_ALLOWED), post=only(STAFF_A, yes=ALLOWED)
        )
    ),
    "decisions:milestone_change": entry(
        Case({"pk": "milestone.pk"}, get=signed_in(NOT_ALLOWED), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:photo_add": entry(
        Case(
            {"pk": "implementation.pk"}, get=signed_in(NOT_ALLOWED), post=only(STAFF_A, yes=ALLOWED)
        )
    ),
    "decisions:photo_delete": entry(
        Case(
            {"pk": "implementation_photo.pk"},
            get=signed_in(NOT_ALLOWED),
            post=only(STAFF_A, yes=ALLOWED),
        )
    ),
    "decisions:manage": entry(
        Case({"city": "city.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:process_create": entry(
        Case({"city": "city.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:districts": entry(
        Case({"city": "city.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:verification": entry(
        Case({"city": "city.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:codes_create": entry(
        Case({"city": "city.slug"}, get=signed_in(NOT_ALLOWED), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:census_upload": entry(
        Case({"city": "city.slug"}, get=signed_in(NOT_ALLOWED), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:verify_resident": entry(
        Case(
            {"city": "city.slug", "pk": "unverified.pk"},
            get=signed_in(NOT_ALLOWED),
            post=only(STAFF_A, yes=ALLOWED),
        )
    ),
    "decisions:code_batch": entry(
        Case({"pk": "code_batch.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:code_batch_csv": entry(
        Case({"pk": "code_batch.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:process": entry(
        Case({"slug": "process.slug"}, get=everyone(OK)),
        Case(
            {"slug": "draft_process.slug"},
            get=only(STAFF_A, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(STAFF_A, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "decisions:process_edit": entry(
        Case({"slug": "process.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:process_publish": entry(
        Case(
            {"slug": "draft_process.slug"},
            get=signed_in(NOT_ALLOWED),
            post=only(STAFF_A, yes=ALLOWED),
        )
    ),
    "decisions:budget_create": entry(
        Case({"slug": "process.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "decisions:proposals": entry(
        Case({"slug": "process.slug"}, get=everyone(OK)),
        Case(
            {"slug": "draft_process.slug"},
            get=only(STAFF_A, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(STAFF_A, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "decisions:proposal_new": entry(
        Case(
            {"slug": "process.slug"}, get=only(("resident",)), post=only(("resident",), yes=ALLOWED)
        ),
        Case(
            {"slug": "draft_process.slug"},
            get=roles(NOT_FOUND, anonymous=LOGIN, coordinator=FORBIDDEN, admin=FORBIDDEN),
            post=roles(NOT_FOUND, anonymous=LOGIN, coordinator=FORBIDDEN, admin=FORBIDDEN),
            label="draft",
        ),
    ),
    "funding:list": entry(Case(get=everyone(OK))),
    "funding:call_create": entry(Case(get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))),
    "funding:call": entry(Case({"identifier": "call.identifier"}, get=everyone(OK))),
    "funding:call_edit": entry(
        Case({"identifier": "call.identifier"}, get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))
    ),
    "funding:call_watch": entry(
        Case({"identifier": "call.identifier"}, get=signed_in(NOT_ALLOWED), post=signed_in(ALLOWED))
    ),
    "funding:calendar": entry(Case(get=everyone(OK))),
    "funding:feed": entry(Case(get=everyone(OK))),
    "funding:city_feed": entry(Case({"slug": "city.slug"}, get=everyone(OK))),
    "funding:user_feed": entry(Case({"token": "funding_feed_token"}, get=everyone(OK))),
    "funding:watches": entry(Case(get=signed_in(), post=signed_in(ALLOWED))),
    "funding:save_search": entry(Case(get=signed_in(NOT_ALLOWED), post=signed_in(ALLOWED))),
    "funding:watch_remove": entry(
        Case(
            {"pk": "watch.pk"},
            get=signed_in(NOT_ALLOWED),
            post=only(("participant", "admin"), yes=ALLOWED),
        )
    ),
    "funding:programmes": entry(Case(get=everyone(OK))),
    "funding:programme": entry(Case({"slug": "programme.slug"}, get=everyone(OK))),
    "funding:programme_edit": entry(
        Case({"slug": "programme.slug"}, get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))
    ),
    "funding:match_home": entry(
        Case(get=roles(OK, coordinator=REDIRECT, other_coordinator=REDIRECT))
    ),
    "funding:match": entry(
        Case(
            {"slug": "city.slug"},
            get=everyone(OK),
            post=only(STAFF_A, yes=ALLOWED, anonymous=FORBIDDEN),
        )
    ),
    "funding:partners": entry(Case(get=everyone(OK))),
    "funding:partner_create": entry(
        Case(get=only(COORDINATORS), post=only(COORDINATORS, yes=ALLOWED))
    ),
    "funding:partner_search": entry(Case({"pk": "partner_search.pk"}, get=everyone(OK))),
    "funding:partner_answer": entry(
        Case(
            {"pk": "partner_search.pk"}, get=signed_in(NOT_ALLOWED), post=only(STAFF_B, yes=ALLOWED)
        )
    ),
    "funding:partner_status": entry(
        Case(
            {"pk": "partner_search.pk"}, get=signed_in(NOT_ALLOWED), post=only(STAFF_A, yes=ALLOWED)
        )
    ),
    "funding:partner_decide": entry(
        Case(
            {"pk": "partner_search.pk", "answer_pk": "partner_answer.pk"},
            get=signed_in(NOT_ALLOWED),
            post=only(STAFF_A, yes=ALLOWED),
        )
    ),
    "funding:results": entry(Case(get=everyone(OK))),
    "funding:city_results": entry(Case({"slug": "city.slug"}, get=everyone(OK))),
    "funding:project_create": entry(
        Case(get=only(COORDINATORS), post=only(COORDINATORS, yes=ALLOWED))
    ),
    "funding:project": entry(Case({"pk": "funded_project.pk"}, get=everyone(OK))),
    "funding:project_edit": entry(
        Case({"pk": "funded_project.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "funding:application_create": entry(
        Case(get=only(COORDINATORS), post=only(COORDINATORS, yes=ALLOWED))
    ),
    "funding:application": entry(
        Case({"pk": "application.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "funding:guides": entry(Case(get=everyone(OK))),
    "funding:guide": entry(
        Case({"slug": "guide.slug"}, get=everyone(OK)),
        Case(
            {"slug": "draft_guide.slug"},
            get=only(ADMINS, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(ADMINS, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "search:results": entry(Case(get=everyone(OK))),
    # The audit log (core): network admins read it all, coordinators their cities' part.
    "core:audit": entry(Case(get=only(COORDINATORS))),
    "core:audit_csv": entry(Case(get=only(COORDINATORS))),
    "impact:dashboard": entry(Case(get=everyone(OK))),
    "impact:figures_csv": entry(Case(get=everyone(OK))),
    "impact:refresh": entry(Case(get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))),
    "impact:city": entry(Case({"slug": "city.slug"}, get=everyone(OK))),
    "impact:city_figures_csv": entry(Case({"slug": "city.slug"}, get=everyone(OK))),
    "publications:publications": entry(Case(get=everyone(OK))),
    "publications:publication_create": entry(
        Case(get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))
    ),
    "publications:publication": entry(
        Case({"slug": "publication.slug"}, get=everyone(OK)),
        Case(
            {"slug": "draft_publication.slug"},
            get=only(ADMINS, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(ADMINS, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "publications:publication_edit": entry(
        Case({"slug": "publication.slug"}, get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))
    ),
    "publications:publication_cover": entry(
        Case({"slug": "publication.slug"}, get=everyone(OK)),
        Case(
            {"slug": "draft_publication.slug"},
            get=only(ADMINS, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "publications:publication_compose": entry(
        Case({"slug": "publication.slug"}, get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))
    ),
    "publications:part_edit": entry(
        Case(
            {"slug": "publication.slug", "pk": "publication_part.pk"},
            get=only(ADMINS),
            post=only(ADMINS, yes=ALLOWED),
        )
    ),
    "publications:part_move": entry(
        Case(
            {"slug": "publication.slug", "pk": "publication_part.pk"},
            get=signed_in(NOT_ALLOWED),
            post=only(ADMINS, yes=ALLOWED),
        )
    ),
    "publications:part_image": entry(
        Case({"slug": "publication.slug", "pk": "publication_part.pk"}, get=everyone(OK)),
        Case(
            {"slug": "draft_publication.slug", "pk": "draft_part.pk"},
            get=only(ADMINS, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "publications:part_remove": entry(
        Case(
            {"slug": "publication.slug", "pk": "publication_part.pk"},
            get=signed_in(NOT_ALLOWED),
            post=only(ADMINS, yes=ALLOWED),
        )
    ),
    "publications:publication_publish": entry(
        Case(
            {"slug": "draft_publication.slug"},
            get=signed_in(NOT_ALLOWED),
            post=only(ADMINS, yes=ALLOWED),
        )
    ),
    "publications:versions": entry(
        Case({"slug": "publication.slug"}, get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))
    ),
    "publications:version": entry(
        Case(
            {"slug": "publication.slug", "number": 1},
            get=only(ADMINS),
            post=only(ADMINS, yes=ALLOWED),
        )
    ),
    "publications:version_pdf": entry(
        Case(
            {"slug": "publication.slug", "number": 1, "lang": Raw("en")},
            get=only(ADMINS),
            post=only(ADMINS, yes=ALLOWED),
        )
    ),
    "publications:version_action": entry(
        Case(
            {"slug": "publication.slug", "number": 1, "lang": Raw("en")},
            get=signed_in(NOT_ALLOWED),
            post=only(ADMINS, yes=ALLOWED),
        )
    ),
    "publications:publication_pdf": entry(
        Case({"slug": "publication.slug", "lang": Raw("en")}, get=everyone(OK)),
        Case(
            {"slug": "draft_publication.slug", "lang": Raw("en")},
            get=everyone(NOT_FOUND),
            label="draft",
        ),
    ),
    "publications:videos": entry(Case(get=everyone(OK))),
    "publications:video_create": entry(Case(get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))),
    "publications:video": entry(
        Case({"slug": "video.slug"}, get=everyone(OK)),
        Case(
            {"slug": "draft_video.slug"},
            get=only(ADMINS, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(ADMINS, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "publications:video_edit": entry(
        Case({"slug": "video.slug"}, get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))
    ),
    "publications:video_captions": entry(
        Case({"slug": "video.slug"}, get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))
    ),
    "publications:video_track": entry(
        Case({"slug": "video.slug", "lang": Raw("en")}, get=everyone(OK)),
        Case(
            {"slug": "draft_video.slug", "lang": Raw("en")},
            get=only(ADMINS, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "publications:video_publish": entry(
        Case(
            {"slug": "draft_video.slug"}, get=signed_in(NOT_ALLOWED), post=only(ADMINS, yes=ALLOWED)
        )
    ),
    "publications:video_file": entry(
        Case({"slug": "video.slug"}, get=everyone(OK)),
        Case(
            {"slug": "draft_video.slug"},
            get=only(ADMINS, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "publications:video_poster": entry(
        Case({"slug": "video.slug"}, get=everyone(OK)),
        Case(
            {"slug": "draft_video.slug"},
            get=only(ADMINS, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "publications:newsletter": entry(Case(get=everyone(OK))),
    "publications:newsletter_city": entry(Case({"slug": "city.slug"}, get=everyone(OK))),
    "publications:newsletter_subscribe": entry(Case(get=everyone(OK))),
    "publications:newsletter_subscribe_sent": entry(Case(get=everyone(OK))),
    "publications:newsletter_subscribe_me": entry(
        Case(get=signed_in(NOT_ALLOWED), post=signed_in(ALLOWED))
    ),
    "publications:newsletter_confirm": entry(
        Case({"token": "newsletter_confirm_token"}, get=everyone(OK))
    ),
    "publications:newsletter_unsubscribe": entry(
        Case({"token": "subscription.token"}, get=everyone(OK)),
        csrf_exempt=True,
        note="One-click unsubscribe (RFC 8058): mail programs post without a cookie.",
    ),
    "publications:newsletter_create": entry(
        Case(get=only(COORDINATORS), post=only(COORDINATORS, yes=ALLOWED))
    ),
    "publications:newsletter_issue": entry(
        Case({"pk": "sent_issue.pk"}, get=everyone(OK)),
        Case(
            {"pk": "draft_issue.pk"},
            get=only(STAFF_A, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(STAFF_A, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "publications:newsletter_edit": entry(
        Case({"pk": "draft_issue.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "publications:newsletter_preview": entry(
        Case({"pk": "draft_issue.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "publications:newsletter_preview_email": entry(
        Case({"pk": "draft_issue.pk"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "publications:newsletter_send": entry(
        Case({"pk": "draft_issue.pk"}, get=signed_in(NOT_ALLOWED), post=only(STAFF_A, yes=ALLOWED))
    ),
    "publications:newsletter_delete": entry(
        Case({"pk": "draft_issue.pk"}, get=signed_in(NOT_ALLOWED), post=only(STAFF_A, yes=ALLOWED))
    ),
    "publications:home": entry(Case(get=everyone(OK))),
    "publications:news": entry(Case(get=everyone(OK))),
    "publications:news_create": entry(
        Case(get=only(COORDINATORS), post=only(COORDINATORS, yes=ALLOWED))
    ),
    "publications:news_post": entry(
        Case({"slug": "news.slug"}, get=everyone(OK)),
        Case(
            {"slug": "draft_news.slug"},
            get=only(STAFF_A, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(STAFF_A, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "publications:news_edit": entry(
        Case({"slug": "news.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "publications:news_publish": entry(
        Case(
            {"slug": "draft_news.slug"}, get=signed_in(NOT_ALLOWED), post=only(STAFF_A, yes=ALLOWED)
        )
    ),
    "publications:page_list": entry(Case(get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))),
    "publications:page_create": entry(Case(get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))),
    "publications:page": entry(
        Case({"slug": "page.slug"}, get=everyone(OK)),
        Case(
            {"slug": "draft_page.slug"},
            get=only(ADMINS, no=NOT_FOUND, anonymous=NOT_FOUND),
            post=only(ADMINS, yes=ALLOWED, no=NOT_FOUND, anonymous=NOT_FOUND),
            label="draft",
        ),
    ),
    "publications:page_edit": entry(
        Case({"slug": "page.slug"}, get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))
    ),
    "publications:page_publish": entry(
        Case(
            {"slug": "draft_page.slug"}, get=signed_in(NOT_ALLOWED), post=only(ADMINS, yes=ALLOWED)
        )
    ),
    "publications:feed_news_rss": entry(Case(get=everyone(OK))),
    "publications:feed_news_atom": entry(Case(get=everyone(OK))),
    "publications:feed_events_rss": entry(Case(get=everyone(OK))),
    "publications:feed_events_atom": entry(Case(get=everyone(OK))),
    "publications:feed_debates_rss": entry(Case(get=everyone(OK))),
    "publications:feed_debates_atom": entry(Case(get=everyone(OK))),
    "api:tokens": entry(Case(get=signed_in(), post=signed_in(ALLOWED))),
    "api:revoke_token": entry(
        Case(
            {"pk": "participant_token.pk"},
            get=everyone(NOT_ALLOWED),
            post=only(("participant",), yes=ALLOWED, no=NOT_FOUND),
            label="own",
        ),
        Case(
            {"pk": "stranger_token.pk"},
            get=everyone(NOT_ALLOWED),
            post=signed_in(NOT_FOUND),
            label="someone else's",
        ),
    ),
    # A person's own data: no address names anyone else.
    "personal_data:download": entry(Case(get=signed_in(), post=signed_in(ALLOWED))),
    "personal_data:delete": entry(Case(get=signed_in(), post=signed_in(ALLOWED))),
    "personal_data:deleted": entry(Case(get=everyone(OK))),
    "personal_data:privacy": entry(Case(get=everyone(OK))),
    "open_data:page": entry(Case(get=everyone(OK))),
    "open_data:download": entry(Case(get=everyone(NOT_FOUND), label="no file built yet")),
    "open_data:rebuild": entry(
        Case(get=only(ADMINS, yes=REDIRECT), post=only(ADMINS, yes=ALLOWED)),
    ),
    "network:overview": entry(Case(get=everyone(OK))),
    "network:city_list": entry(Case(get=everyone(OK))),
    "network:city_create": entry(Case(get=only(ADMINS), post=only(ADMINS, yes=ALLOWED))),
    "network:city_detail": entry(Case({"slug": "city.slug"}, get=everyone(OK))),
    "network:city_edit": entry(
        Case({"slug": "city.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "network:city_people": entry(
        Case({"slug": "city.slug"}, get=only(STAFF_A), post=only(STAFF_A, yes=ALLOWED))
    ),
    "network:declare_residence": entry(
        Case({"slug": "city.slug"}, get=signed_in(NOT_ALLOWED), post=signed_in(ALLOWED))
    ),
    "network:membership_verify": entry(
        Case(
            {"slug": "city.slug", "pk": "unverified.pk"},
            get=signed_in(NOT_ALLOWED),
            post=only(STAFF_A, yes=ALLOWED),
        )
    ),
    "network:membership_remove": entry(
        Case(
            {"slug": "city.slug", "pk": "unverified.pk"},
            get=signed_in(NOT_ALLOWED),
            post=only(STAFF_A, yes=ALLOWED),
        )
    ),
    "api-1:openapi-json": entry(Case(get=everyone(OK))),
    "api-1:openapi-view": entry(Case(get=everyone(OK))),
    "api-1:api-root": entry(Case(get=everyone(OK))),
    "api-1:api-unknown": entry(Case(path="/api/v1/no-such-address", get=everyone(NOT_FOUND))),
    "api-1:list_cities": entry(Case(get=everyone(OK))),
    "api-1:get_city": entry(Case({"slug": "city.slug"}, get=everyone(OK))),
    "api-1:list_events": entry(Case(get=everyone(OK))),
    "api-1:get_event": entry(
        Case({"slug": "event.slug"}, get=everyone(OK)),
        Case({"slug": "draft_event.slug"}, get=everyone(NOT_FOUND), label="draft"),
    ),
    "api-1:register": entry(
        Case(
            {"slug": "event.slug"},
            get=everyone(NOT_ALLOWED),
            post=signed_in(ALLOWED, anonymous=UNAUTHORISED),
        ),
        Case(
            {"slug": "draft_event.slug"},
            get=everyone(NOT_ALLOWED),
            post=signed_in(NOT_FOUND, anonymous=UNAUTHORISED),
            data=lambda w: {
                "residence_city": "Milan",
                "residence_country": "IT",
                "role": "citizen",
            },
            label="draft",
        ),
    ),
    "api-1:list_debates": entry(Case(get=everyone(OK))),
    "api-1:get_debate": entry(Case({"slug": "debate.slug"}, get=everyone(OK))),
    "api-1:list_contributions": entry(Case({"slug": "debate.slug"}, get=everyone(OK))),
    "api-1:post_contribution": entry(
        Case({"slug": "debate.slug"}, post=signed_in(ALLOWED, anonymous=UNAUTHORISED)),
        Case(
            {"slug": "closed_debate.slug"},
            post=signed_in(CONFLICT, anonymous=UNAUTHORISED),
            data=lambda w: {"text": "Late.", "stance": "for", "language": "en"},
            label="closed",
        ),
    ),
    "api-1:list_maps": entry(Case(get=everyone(OK))),
    "api-1:get_map": entry(Case({"slug": "opinion_map.slug"}, get=everyone(OK))),
    "api-1:list_statements": entry(Case({"slug": "opinion_map.slug"}, get=everyone(OK))),
    "api-1:get_results": entry(Case({"slug": "opinion_map.slug"}, get=everyone(OK))),
    "api-1:vote": entry(
        Case(
            {"slug": "opinion_map.slug"},
            get=everyone(NOT_ALLOWED),
            post=signed_in(ALLOWED, anonymous=UNAUTHORISED),
        ),
        Case(
            {"slug": "closed_map.slug"},
            get=everyone(NOT_ALLOWED),
            post=signed_in(FORBIDDEN, anonymous=UNAUTHORISED),
            data=lambda w: {"statement": w.closed_statement.pk, "value": 1},
            label="closed",
        ),
    ),
    "api-1:list_practices": entry(Case(get=everyone(OK))),
    "api-1:get_practice": entry(
        Case({"slug": "practice.slug"}, get=everyone(OK)),
        Case({"slug": "draft_practice.slug"}, get=everyone(NOT_FOUND), label="draft"),
    ),
    "api-1:list_processes": entry(Case(get=everyone(OK))),
    "api-1:get_process": entry(
        Case({"slug": "process.slug"}, get=everyone(OK)),
        Case({"slug": "draft_process.slug"}, get=everyone(NOT_FOUND), label="draft"),
    ),
    "api-1:list_proposals": entry(
        Case({"slug": "process.slug"}, get=everyone(OK)),
        Case({"slug": "draft_process.slug"}, get=everyone(NOT_FOUND), label="draft"),
    ),
    "api-1:get_proposal": entry(
        Case({"proposal_id": "proposal.pk"}, get=everyone(OK)),
        Case({"proposal_id": "draft_proposal.pk"}, get=everyone(NOT_FOUND), label="draft"),
    ),
    "api-1:list_budgets": entry(
        Case({"slug": "process.slug"}, get=everyone(OK)),
        Case({"slug": "draft_process.slug"}, get=everyone(NOT_FOUND), label="draft"),
    ),
    "api-1:get_budget": entry(
        Case({"budget_id": "budget.pk"}, get=everyone(OK)),
        Case({"budget_id": "draft_budget.pk"}, get=everyone(NOT_FOUND), label="draft"),
    ),
    "api-1:list_programmes": entry(Case(get=everyone(OK))),
    "api-1:get_programme": entry(Case({"slug": "programme.slug"}, get=everyone(OK))),
    "api-1:list_calls": entry(Case(get=everyone(OK))),
    "api-1:get_call": entry(Case({"identifier": "call.identifier"}, get=everyone(OK))),
    "api-1:list_funded_projects": entry(Case(get=everyone(OK))),
    "api-1:get_funded_project": entry(Case({"project_id": "funded_project.pk"}, get=everyone(OK))),
    "api-1:list_publications": entry(Case(get=everyone(OK))),
    "api-1:get_publication": entry(
        Case({"slug": "publication.slug"}, get=everyone(OK)),
        Case({"slug": "draft_publication.slug"}, get=everyone(NOT_FOUND), label="draft"),
    ),
    "api-1:list_news": entry(Case(get=everyone(OK))),
    "api-1:get_news": entry(
        Case({"slug": "news.slug"}, get=everyone(OK)),
        Case({"slug": "draft_news.slug"}, get=everyone(NOT_FOUND), label="draft"),
    ),
    "api-1:list_videos": entry(Case(get=everyone(OK))),
    "api-1:get_video": entry(
        Case({"slug": "video.slug"}, get=everyone(OK)),
        Case({"slug": "draft_video.slug"}, get=everyone(NOT_FOUND), label="draft"),
    ),
    "api-1:me": entry(Case(get=signed_in(OK, anonymous=UNAUTHORISED))),
    "api-1:my_registrations": entry(Case(get=signed_in(OK, anonymous=UNAUTHORISED))),
}


# --- The admin ---------------------------------------------------------------------------

NOT_STAFF = {role: ADMIN_LOGIN for role in ROLES if role != "admin"}


def _staff_only(admin_role: Any) -> dict[str, Any]:
    return {**NOT_STAFF, "admin": admin_role}


def _first_pk(model: Any) -> Any:
    def first(world: World) -> Any:
        found = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        return 0 if found is None else found  # none: the admin redirects to its index

    return first


def admin_entries() -> dict[str, Entry]:
    """The pages of every registered model: staff only; the admin reaches what it allows."""
    superuser = SimpleNamespace(
        is_active=True, is_staff=True, is_superuser=True, has_perm=lambda *args: True
    )
    request = RequestFactory().get("/")
    request.user = superuser
    entries: dict[str, Entry] = {}
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        info = f"{meta.app_label}_{meta.model_name}"
        one = {"object_id": _first_pk(model)}
        add = OK if model_admin.has_add_permission(request) else FORBIDDEN
        delete = REACHED if model_admin.has_delete_permission(request) else FORBIDDEN
        entries[f"admin:{info}_changelist"] = entry(Case(get=_staff_only(OK)))
        entries[f"admin:{info}_add"] = entry(Case(get=_staff_only(add)))
        entries[f"admin:{info}_change"] = entry(Case(one, get=_staff_only(REACHED)))
        entries[f"admin:{info}_history"] = entry(Case(one, get=_staff_only(REACHED)))
        entries[f"admin:{info}_delete"] = entry(Case(one, get=_staff_only(delete)))
        # The old address of the change page, kept as a redirect.
        route = f"admin/{meta.app_label}/{meta.model_name}/<path:object_id>/"
        entries[route] = entry(
            Case(path=f"/en/admin/{meta.app_label}/{meta.model_name}/1/", get=_staff_only(REACHED))
        )
    return entries


def _user_pk(world: World) -> Any:
    return world.people["participant"].pk


def _city_type(world: World) -> Any:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(world.city).pk


ADMIN_SITE = {
    "admin:index": entry(Case(get=_staff_only(OK))),
    "admin:login": entry(Case(get=roles(OK, admin=REDIRECT))),
    "admin:logout": entry(Case(get=roles(REDIRECT, admin=NOT_ALLOWED))),
    "admin:password_change": entry(Case(get=_staff_only(OK))),
    "admin:password_change_done": entry(Case(get=_staff_only(OK))),
    "admin:autocomplete": entry(Case(get=_staff_only(FORBIDDEN))),
    "admin:jsi18n": entry(Case(get=_staff_only(OK))),
    "admin:view_on_site": entry(
        Case(
            {"content_type_id": _city_type, "object_id": "city.pk"},
            get=_staff_only(REDIRECT),
        )
    ),
    "admin:app_list": entry(Case({"app_label": Raw("network")}, get=_staff_only(OK))),
    "admin:auth_user_password_change": entry(Case({"id": _user_pk}, get=_staff_only(OK))),
    "admin/(?P<url>.*)$": entry(Case(path="/en/admin/no-such-page/", get=_staff_only(NOT_FOUND))),
}


def all_entries() -> dict[str, Entry]:
    return {**admin_entries(), **ADMIN_SITE, **MATRIX}
