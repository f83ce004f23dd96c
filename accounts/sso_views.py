"""Pages of single sign-on: the project leader configures each municipality's IdP and downloads the
portal's SP metadata; anyone can start a login by e-mail address ("Logga in med din kommun")."""

import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import role_required
from municipalities.models import Municipality

from . import sso
from .forms import IdentityProviderForm, SsoStartForm
from .models import IdentityProvider
from .roles import Role

logger = logging.getLogger(__name__)


def _expiry_soon(link):
    if not link or not link.certificate_expires:
        return False
    return (link.certificate_expires - timezone.localdate()).days <= settings.SSO_CERTIFICATE_WARNING_DAYS


@role_required(Role.PROJECT_LEADER)
def sso_list(request):
    municipalities = Municipality.objects.select_related("identity_provider").prefetch_related(
        "email_domains"
    )
    rows = []
    for municipality in municipalities.order_by("name"):
        link = getattr(municipality, "identity_provider", None)
        rows.append({"municipality": municipality, "link": link, "expiry_soon": _expiry_soon(link)})
    return render(request, "accounts/sso_list.html", {"rows": rows})


def _initial(link):
    if link is None:
        return {"protocol": "saml", **sso.DEFAULT_MAPPING[sso.SAML]}
    app = link.app
    mapping = {**sso.DEFAULT_MAPPING[app.provider], **app.settings.get("yr_mapping", {})}
    initial = {
        "protocol": link.protocol,
        **mapping,
        "manager_value": app.settings.get("yr_manager_value", ""),
    }
    if app.provider == sso.SAML:
        initial["metadata_url"] = app.settings.get("idp", {}).get("metadata_url", "")
    else:
        initial.update(issuer=app.settings.get("server_url", ""), client_id=app.client_id)
    return initial


@role_required(Role.PROJECT_LEADER)
def sso_edit(request, pk):
    municipality = get_object_or_404(Municipality, pk=pk)
    link = IdentityProvider.objects.select_related("app").filter(municipality=municipality).first()
    form = IdentityProviderForm(request.POST or None, request.FILES or None, initial=_initial(link))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["protocol"] == "saml":
                link = sso.configure_saml(
                    municipality=municipality,
                    metadata_xml=data["metadata_file"],
                    metadata_url="" if data["metadata_file"] else data["metadata_url"],
                    mapping=form.mapping(),
                    manager_value=data["manager_value"],
                )
            else:
                link = sso.configure_oidc(
                    municipality=municipality,
                    issuer=data["issuer"],
                    client_id=data["client_id"],
                    secret=data["secret"],
                    mapping=form.mapping(),
                    manager_value=data["manager_value"],
                )
        except sso.SSOError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Inloggningen via %(municipality)s är sparad.") % {"municipality": municipality.name},
            )
            return redirect("accounts:sso_edit", pk=municipality.pk)
    slug = sso.org_slug(municipality)
    context = {
        "municipality": municipality,
        "link": link,
        "form": form,
        "expiry_soon": _expiry_soon(link),
        "sp": sso.sp_urls(municipality),
        "oidc_callback": settings.SITE_URL
        + reverse("openid_connect_callback", kwargs={"provider_id": f"oidc-{slug}"}),
        "sp_certificate": link.sp_certificate if link else "",
        "sp_certificate_expires": sso.certificate_expiry(link.sp_certificate) if link else None,
        "domains": municipality.email_domains.all(),
    }
    return render(request, "accounts/sso_edit.html", context)


@role_required(Role.PROJECT_LEADER)
def sso_sp_metadata(request, pk):
    link = get_object_or_404(
        IdentityProvider.objects.select_related("app", "municipality"), municipality_id=pk
    )
    if link.app.provider != sso.SAML:
        raise Http404
    xml = sso.sp_metadata_xml(link.app, request)
    response = HttpResponse(xml, content_type="application/samlmetadata+xml")
    response["Content-Disposition"] = (
        f'attachment; filename="yrkesresan-sp-{sso.org_slug(link.municipality)}.xml"'
    )
    return response


@require_POST
@role_required(Role.PROJECT_LEADER)
def sso_remove(request, pk):
    municipality = get_object_or_404(Municipality, pk=pk)
    if sso.remove_identity_provider(municipality=municipality):
        messages.success(
            request,
            _("Inloggningen via %(municipality)s är borttagen; personerna finns kvar.")
            % {"municipality": municipality.name},
        )
    return redirect("accounts:sso_list")


def sso_start(request):
    """E-mail first: an address in a municipality with SSO goes straight to that municipality's IdP."""
    form = SsoStartForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        domain = form.cleaned_data["email"].rsplit("@", 1)[1]
        link = sso.provider_for_domain(domain)
        if link is not None:
            provider = sso.attach_sp_key(link.app).get_provider(request)
            try:
                return provider.redirect(request, process="login", next_url=next_url or None)
            except Exception:  # noqa: BLE001 — a broken IdP configuration must not become a 500 here
                logger.exception("SSO redirect failed for %s", link.municipality)
                messages.error(
                    request,
                    _("Inloggningen via %(municipality)s fungerar inte just nu. Kontakta projektledaren.")
                    % {"municipality": link.municipality.name},
                )
                return redirect("account_login")
        messages.info(
            request,
            _("%(domain)s har ingen egen inloggning i portalen. Logga in med e-postadress och lösenord.")
            % {"domain": domain},
        )
        return redirect(reverse("account_login") + (f"?next={next_url}" if next_url else ""))
    return render(request, "accounts/sso_start.html", {"sso_form": form, "next": next_url})
