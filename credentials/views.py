"""Credential pages: the public verification page and documents (no sign-in), and the learner's own awards.

Public pages are reached by unguessable ids only (an award's or issuer's ``public_id``), and show what the
signed credential itself says: no name or email address of the holder.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from credentials import links, selectors
from credentials.models import Achievement

JSON_LD = "application/ld+json"
NOT_FOUND = "There is no credential at this address."


def _json(document: dict, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(json.dumps(document, indent=2, ensure_ascii=False), content_type=JSON_LD)
    response["Access-Control-Allow-Origin"] = "*"  # verifiers on other sites may fetch it
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def verify(request, public_id):
    """Show whether a credential is valid, revoked or expired, who issued it and for what."""
    from credentials.verification import credential_check

    award = selectors.award_get_public(public_id)
    if award is None:
        raise Http404(NOT_FOUND)
    credential = award.credential
    check = credential_check(credential)
    subject = credential.get("credentialSubject", {})
    context = {
        "award": award,
        "check": check,
        "issuer_name": credential.get("issuer", {}).get("name", ""),
        "achievement": subject.get("achievement", {}),
        "evidence": credential.get("evidence", []),
        "issued_on": award.issued_at,
        "valid_until": award.valid_until,
        "revoked_on": award.revoked_at,
        "verify_url": links.award_url(award),
    }
    return render(request, "credentials/verify.html", context)


@require_GET
def credential_json(request, public_id):
    """Return the signed credential, to download."""
    award = selectors.award_get_public(public_id)
    if award is None:
        raise Http404(NOT_FOUND)
    return _json(award.credential, filename=f"credential-{award.public_id}.json")


@require_GET
def issuer_profile(request, public_id):
    """Return the issuer's Profile with every public key it has signed with."""
    from credentials.document import issuer_profile_build
    from credentials.multikey import multikey_document, multikey_public_decode

    issuer = selectors.issuer_get_public(public_id)
    if issuer is None:
        raise Http404(NOT_FOUND)
    issuer_id = links.issuer_url(issuer)
    methods = [
        multikey_document(issuer_id, multikey_public_decode(value))
        for value in issuer.keys.order_by("created_at").values_list("public_key_multibase", flat=True)
    ]
    return _json(
        issuer_profile_build(
            issuer_id=issuer_id, name=issuer.organisation.name, homepage=links.site_url() + "/", keys=methods
        )
    )


@require_GET
def status_list(request, public_id):
    """Return the issuer's signed BitstringStatusListCredential."""
    from credentials.revocation import status_list_get

    issuer = selectors.issuer_get_public(public_id)
    if issuer is None:
        raise Http404(NOT_FOUND)
    return _json(status_list_get(issuer))


@require_GET
def achievement(request, pk: int):
    """Return an achievement's public description (the same fields a credential carries)."""
    item = Achievement.objects.filter(pk=pk).first()
    if item is None:
        raise Http404(NOT_FOUND)
    return JsonResponse(
        {
            "id": links.achievement_url(item),
            "type": ["Achievement"],
            "name": item.name,
            "description": item.description,
            "criteria": {"narrative": item.criteria},
        }
    )


def _state(award, now) -> str:
    if award.revoked_at:
        return "revoked"
    return "expired" if award.valid_until and award.valid_until <= now else "valid"


@login_required
@require_GET
def my_achievements(request):
    """List the learner's awards, each with its certificate and verification page."""
    awards = list(selectors.award_list_for_user(request.user))
    now = timezone.now()
    rows = [{"award": award, "state": _state(award, now)} for award in awards]
    return render(request, "credentials/my_achievements.html", {"rows": rows})


@login_required
@require_GET
def certificate(request, public_id):
    """Return the PDF certificate of one of the learner's own awards."""
    from credentials.certificate import certificate_pdf

    award = selectors.award_get_for_user(request.user, public_id)
    if award is None:
        raise Http404(NOT_FOUND)
    response = HttpResponse(certificate_pdf(award), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{award.public_id}.pdf"'
    return response
