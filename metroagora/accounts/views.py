from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from metroagora.accounts import services
from metroagora.accounts.forms import ProfileForm
from metroagora.accounts.models import User
from metroagora.core.ratelimit import rate_limited


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    memberships = user.memberships.select_related("city").order_by("city__slug", "role")
    return render(request, "accounts/profile.html", {"profile": user, "memberships": memberships})


@login_required
@rate_limited("accounts.write")
def edit_profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    initial = {
        "display_name": user.display_name,
        "residence_city": user.residence_city,
        "residence_country": str(user.residence_country or ""),
        "preferred_languages": user.preferred_languages,
        "identity": user.identity,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user, user, **form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile_form.html", {"form": form})
