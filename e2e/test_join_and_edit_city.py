"""Acceptance scenario: join, verify the email, become coordinator, set up 2FA, edit a city.

Every page on the way must be free of serious/critical axe violations and of CSP
violations. The live server runs in this process, so the test reads the
verification email from Django's locmem outbox and changes roles with the ORM.
"""

from __future__ import annotations

import io
import re
import time
from typing import Any

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from e2e.conftest import ConsoleLog, assert_accessible, assert_no_csp_violations

EMAIL = "camille.durand@example.org"
PASSWORD = "Tram-Part-Dieu-2026!"  # passes Django's password validators
# The description has one input per language, ids id_description_0..5 in the order
# en, fr, de, it, es, pl (names description_en, description_fr, ...), then the
# original-language select id_description_6.
FRENCH_DESCRIPTION = "Lyon teste un budget participatif des quartiers pour la Croix-Rousse en 2026."
CONFIRM_LINK = re.compile(r"https?://[^\s\"'<>]+/accounts/confirm-email/[^\s\"'<>]+")


def totp_code(secret: str, offset: int = 0) -> str:
    """The TOTP code for the current 30-second window, shifted by ``offset`` windows.

    With MFA_TOTP_TOLERANCE = 1 the server accepts offsets -1, 0 and +1; each code
    can be used only once, so two sign-ins must use different windows.
    """
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


class Visit:
    """Checks shared by every page of the scenario."""

    def __init__(self, page: Any, console: ConsoleLog) -> None:
        self.page = page
        self.console = console

    def check(self, what: str, lang: str = "en") -> None:
        page = self.page
        assert page.locator("html").get_attribute("lang") == lang, f"{what}: wrong <html lang>"
        assert page.locator("h1").count() == 1, f"{what}: expected exactly one <h1>"
        assert_accessible(page, f"{what} ({page.url})")
        assert_no_csp_violations(self.console, f"on {what} ({page.url})")

    def path(self) -> str:
        return re.sub(r"^https?://[^/]+", "", self.page.url)


@pytest.fixture
def demo_network(transactional_db: None) -> None:
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())


def test_join_verify_set_up_two_factor_and_edit_city(
    page: Any, live_server: Any, demo_network: None, console: ConsoleLog, mailoutbox: list[Any]
) -> None:
    from metroagora.accounts.models import User
    from metroagora.network.models import City, Membership

    visit = Visit(page, console)
    assert mailoutbox is mail.outbox  # the live server (same process) sends into this list

    # 1. Sign up with email and password twice.
    page.goto("/en/accounts/signup/")
    visit.check("signup")
    form = page.locator("main form[method=post]")
    form.locator("input[name=email]").fill(EMAIL)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator("main .errorlist").count() == 0, page.locator("main").inner_text()
    assert visit.path() == "/en/accounts/confirm-email/", "no 'verification sent' page"
    visit.check("verification sent")

    # 2. Read the verification email from the outbox and open its link.
    assert len(mailoutbox) == 1, [m.subject for m in mailoutbox]
    message = mailoutbox[0]
    assert message.to == [EMAIL]
    match = CONFIRM_LINK.search(message.body)
    assert match, f"no confirmation link in:\n{message.body}"
    link = match.group(0)
    assert link.startswith(live_server.url), link
    page.goto(link)
    visit.check("email confirmation")
    # ACCOUNT_CONFIRM_EMAIL_ON_GET is False: the link only shows a Confirm button.
    user = User.objects.get(email=EMAIL)
    assert not user.emailaddress_set.get(email=EMAIL).verified
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert user.emailaddress_set.get(email=EMAIL).verified
    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: confirming signs the person in.
    assert page.locator("nav.main-nav a[href='/en/accounts/logout/']").count() == 1
    visit.check("first page after confirmation")

    # 3. They become coordinator of Lyon; the next page load requires two-factor sign-in.
    lyon = City.objects.get(slug="lyon")
    Membership.objects.create(user=user, city=lyon, role="coordinator", verified_at=timezone.now())
    page.goto("/en/cities/lyon/")
    # The first page after the redirect tells why (a warning in the status region).
    assert page.locator("main .messages[role=status] .message-warning").count() == 1
    if visit.path().startswith("/en/accounts/reauthenticate/"):
        # Signing in through the confirmation link records no password
        # authentication, so allauth asks for the password before adding an
        # authenticator; the redirect keeps the 2FA setup as the next page.
        assert "next=%2Fen%2Faccounts%2F2fa%2Ftotp%2Factivate%2F" in visit.path()
        visit.check("reauthentication")
        page.locator("main form[method=post] input[name=password]").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("main form[method=post] button[type=submit]").first.click()
    assert visit.path() == "/en/accounts/2fa/totp/activate/", "coordinator not sent to 2FA setup"
    visit.check("2FA activation")
    secret = page.locator("input#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}=*", secret), secret
    activation_code = totp_code(secret)
    page.locator("main form[method=post] input[name=code]").fill(activation_code)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert page.locator("main .errorlist").count() == 0, page.locator("main").inner_text()
    assert "/accounts/2fa/totp/activate/" not in visit.path()
    assert user.authenticator_set.filter(type="totp").exists()
    visit.check("after 2FA activation")

    # 4. Sign out on allauth's confirmation page.
    page.goto("/en/accounts/logout/")
    visit.check("sign out")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert page.locator("nav.main-nav a[href='/en/accounts/login/']").count() == 1

    # 5. Sign in again: email and password, then a fresh code from another window.
    page.goto("/en/accounts/login/")
    visit.check("sign in")
    form = page.locator("main form[method=post]")
    form.locator("input[name=login]").fill(EMAIL)
    form.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    assert visit.path() == "/en/accounts/2fa/authenticate/", "no two-factor step at sign-in"
    visit.check("2FA authentication")
    login_code = totp_code(secret, offset=+1)  # the next window: never the activation code
    page.locator("main form[method=post] input[name=code]").fill(login_code)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()
    assert page.locator("main .errorlist").count() == 0, page.locator("main").inner_text()
    assert "/accounts/2fa/" not in visit.path(), visit.path()
    assert page.locator("nav.main-nav a[href='/en/accounts/logout/']").count() == 1
    visit.check("first page after two-factor sign-in")

    # 6. Edit the French description of Lyon.
    page.goto("/fr/cities/lyon/edit/")
    assert visit.path() == "/fr/cities/lyon/edit/"
    visit.check("city edit", lang="fr")
    french = page.locator("main form[method=post] #id_description_1")
    assert french.get_attribute("lang") == "fr"
    assert french.get_attribute("name") in {"description_1", "description_fr"}
    assert page.locator("label[for=id_description_1]").count() == 1
    assert page.locator("main form[method=post] select#id_description_6").count() == 1
    french.fill(FRENCH_DESCRIPTION)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert page.locator("main .errorlist").count() == 0, page.locator("main").inner_text()
    assert visit.path() == "/fr/cities/lyon/"
    visit.check("city page after saving", lang="fr")

    # 7. The French page shows the new text, marked as French.
    page.goto("/fr/cities/lyon/")
    visit.check("city page", lang="fr")
    about = page.locator("main [lang=fr]", has_text=FRENCH_DESCRIPTION)
    assert about.count() == 1, page.locator("main").inner_text()
    lyon.refresh_from_db()
    assert lyon.description.get("fr") == FRENCH_DESCRIPTION


def test_signup_with_a_taken_email_shows_an_error_in_french(
    page: Any,
    live_server: Any,
    transactional_db: None,
    console: ConsoleLog,
    mailoutbox: list[Any],
) -> None:
    from allauth.account.models import EmailAddress

    from metroagora.accounts.models import User

    taken = User.objects.create_user(email="deja.inscrite@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=taken, email=taken.email, verified=True, primary=True)

    page.goto("/fr/accounts/signup/")
    form = page.locator("main form[method=post]")
    form.locator("input[name=email]").fill("Deja.Inscrite@example.org")
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    path = re.sub(r"^https?://[^/]+", "", page.url)
    assert path == "/fr/accounts/signup/", path
    assert page.locator("html").get_attribute("lang") == "fr"
    errors = page.locator("main form[method=post] .errorlist")
    assert errors.count() >= 1, page.locator("main").inner_text()
    message = errors.first.inner_text().strip()
    assert message
    # allauth ships a French catalogue, so this one is French even before ours lands.
    assert "already registered" not in message, f"error not translated: {message!r}"
    # The error is tied to the email field for screen readers.
    email = form.locator("input[name=email]")
    assert email.get_attribute("aria-invalid") == "true"
    described_by = (email.get_attribute("aria-describedby") or "").split()
    assert errors.first.get_attribute("id") in described_by, described_by
    assert User.objects.filter(email__iexact=taken.email).count() == 1
    assert mailoutbox == []
    assert page.locator("h1").count() == 1
    assert_accessible(page, "signup with a taken email (/fr/)")
    assert_no_csp_violations(console, "on the signup error page")
