"""Pages are sent gzip-compressed to browsers that accept it, and never to those that do not."""

import gzip

from django.conf import settings

from cms.compression import UNCOMPRESSED_PATHS


def test_a_lesson_page_is_gzipped_when_the_browser_accepts_gzip(learner_client, lessons):
    response = learner_client.get(lessons[1].url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert lessons[1].title in html and "</html>" in html
    assert int(response["Content-Length"]) == len(response.content) < len(html.encode())


def test_a_lesson_page_is_sent_as_it_is_when_the_browser_does_not_ask_for_gzip(learner_client, lessons):
    response = learner_client.get(lessons[1].url)

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert lessons[1].title in response.content.decode()


def test_two_compressed_copies_of_the_same_page_differ_in_length_or_bytes(learner_client, lessons):
    """Random gzip padding and a freshly masked CSRF token: no two responses are the same bytes (BREACH)."""
    first = learner_client.get(lessons[1].url, HTTP_ACCEPT_ENCODING="gzip").content
    second = learner_client.get(lessons[1].url, HTTP_ACCEPT_ENCODING="gzip").content

    assert first != second


def test_pages_that_show_a_person_their_secrets_are_never_compressed(learner_client):
    response = learner_client.get("/accounts/2fa/", HTTP_ACCEPT_ENCODING="gzip")

    assert "/accounts/2fa/".startswith(UNCOMPRESSED_PATHS)
    assert not response.has_header("Content-Encoding")


def test_compression_sits_below_whitenoise_and_above_the_middleware_that_writes_pages():
    order = settings.MIDDLEWARE
    gzip_at = order.index("cms.compression.CompressionMiddleware")
    assert gzip_at > order.index("django.middleware.security.SecurityMiddleware")
    assert gzip_at < order.index("django.middleware.common.CommonMiddleware")
    assert gzip_at < order.index("csp.middleware.CSPMiddleware")
