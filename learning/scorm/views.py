"""SCORM views: the commit endpoint (main origin, the learner's session, CSRF) and the content view (content
origin only, no session: access comes from the signed token in the URL)."""

from __future__ import annotations

import json
import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from learning import selectors as learning_selectors
from learning.scorm import content, services
from learning.scorm.models import ScormPackageVersion
from learning.scorm.pages import ScormLessonPage
from learning.scorm.runtime import ItemState, RuntimeValueError, lesson_done, resume_values
from learning.scorm.storage import package_storage, stored_name

MAX_COMMIT_BYTES = 256 * 1024
NOT_JSON = "The commit must be a JSON object with item, version and values."
TOO_BIG = f"A commit may be at most {MAX_COMMIT_BYTES // 1024} KiB."
NO_STAFF = "Your account is not linked to a staff record, so your progress cannot be saved."
CONTENT_ON_MAIN_HOST = "Package files are served only on the content host."


def _bad(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@login_required
@require_POST
def attempt_commit(request, lesson_id: int):
    """Apply a batch of runtime values to the signed-in learner's own attempt at this lesson's package."""
    if content.is_content_request(request):
        raise Http404(CONTENT_ON_MAIN_HOST)
    lesson = get_object_or_404(ScormLessonPage.objects.live().select_related("package_version"), id=lesson_id)
    staff = learning_selectors.staff_get_for_user(request.user)
    if staff is None:
        return _bad(NO_STAFF, status=403)
    if len(request.body) > MAX_COMMIT_BYTES:
        return _bad(TOO_BIG, status=413)
    try:
        data = json.loads(request.body)
        version_id = int(data["version"])
        item, values = data["item"], data.get("values", {})
    except (ValueError, TypeError, KeyError):
        return _bad(NOT_JSON)
    if not isinstance(data, dict) or not isinstance(item, str):
        return _bad(NOT_JSON)
    if version_id == lesson.package_version_id:
        version = lesson.package_version  # the usual case: no second query
    else:  # a page opened before the lesson's package was replaced
        version = ScormPackageVersion.objects.filter(id=version_id).first()
    if version is None:
        return _bad(services.WRONG_VERSION)
    try:
        result = services.attempt_commit(
            staff=staff,
            lesson=lesson,
            version=version,
            item=item,
            values=values,
            session_key=data.get("session", ""),
            visited=data.get("visited") is True,
        )
    except RuntimeValueError as error:
        return _bad(str(error))
    attempt = result.attempt
    state = ItemState.from_dict(attempt.items.get(item))
    return JsonResponse(
        {
            "item_done": lesson_done(state.completion, state.success),
            "resume": resume_values(version.scorm_version, state),
            "completion": attempt.completion_status,
            "success": attempt.success_status,
            "lesson_completed": attempt.completed_at is not None,
            "course_completed": result.course_completed,
        }
    )


def _content_headers(response, grant: content.Grant):
    response["Content-Security-Policy"] = content.content_security_policy(grant)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response


@xframe_options_exempt
@require_GET
def player(request, token: str):
    """Serve the player page (content origin): it hosts the runtime and frames the package's launch file."""
    if not content.is_content_request(request):
        raise Http404(CONTENT_ON_MAIN_HOST)
    grant = content.grant_read(token)
    version = get_object_or_404(ScormPackageVersion, id=grant.version_id)
    response = render(
        request,
        "learning/scorm/player.html",
        {"version": version, "parent_origin": grant.parent_origin, "base": f"{content.PREFIX}{token}/p/"},
    )
    return _content_headers(response, grant)


@xframe_options_exempt
@require_GET
def package_file(request, token: str, path: str):
    """Serve one file of a package version (content origin only), read through the storage API."""
    if not content.is_content_request(request):
        raise Http404(CONTENT_ON_MAIN_HOST)
    grant = content.grant_read(token)
    prefix = ScormPackageVersion.objects.filter(id=grant.version_id).values_list("storage_prefix", flat=True).first()
    name = stored_name(prefix, path) if prefix else None
    if name is None or not package_storage().exists(name):
        raise Http404("No such file in this package.")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(package_storage().open(name, "rb"), content_type=content_type)
    return _content_headers(response, grant)
