"""Saving on a poor connection: let the page's script learn where a successful POST leads.

Buttons that write (mark complete, save an answer, submit, enrol) are sent by ``frontend/js/app.js`` with
``fetch`` so that a dropped connection can be told to the learner on the page they are on, instead of the
browser's offline page. ``fetch`` cannot read a redirect's ``Location`` without following it, and following
it would render (and use up) the "saved" message meant for the next page. So for a POST sent with
``X-Upskill-Fetch: 1`` this middleware turns the view's redirect into ``204 No Content`` with the target in
``X-Upskill-Location``; the script then opens that page, which shows the confirmation. Every other response
(an error page, a form with mistakes) passes through unchanged. The views and their idempotent services are
the same either way, and a form sent without the script still gets the ordinary redirect.
"""

from __future__ import annotations

FETCH_HEADER = "X-Upskill-Fetch"
LOCATION_HEADER = "X-Upskill-Location"
_REDIRECTS = {301, 302, 303, 307, 308}


class FetchRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "POST"
            and request.headers.get(FETCH_HEADER) == "1"
            and response.status_code in _REDIRECTS
            and response.has_header("Location")
        ):
            response[LOCATION_HEADER] = response["Location"]
            del response["Location"]
            response.status_code = 204
            response.content = b""
        return response
