"""Site shell: home page, standard pages, search and settings."""

import pytest
from wagtail.models import Site

from cms.models import SiteSettings, StandardPage
from tests.factories.learning import site_home


@pytest.fixture
def home(db):
    return site_home()


def test_home_page_renders_with_navigation_and_skip_link(client, home):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#main-content"' in body
    assert '<main class="govuk-main-wrapper" id="main-content">' in body
    assert 'lang="en-GB"' in body


def test_search_finds_lessons_by_their_text(client, course, lessons):
    response = client.get("/search/", {"q": lessons[0].title})
    assert response.status_code == 200
    assert lessons[0].title in response.content.decode()


def test_search_with_no_results_says_so(client, course):
    body = client.get("/search/", {"q": "zzqqxx"}).content.decode()
    assert "0 results" in body


def test_search_survives_bad_page_numbers_and_long_queries(client, course):
    assert client.get("/search/", {"q": "course", "page": "abc"}).status_code == 200
    assert client.get("/search/", {"q": "x" * 5000, "page": "999"}).status_code == 200


def test_footer_links_to_accessibility_statement(client, home):
    statement = StandardPage(title="Accessibility statement", slug="accessibility")
    home.add_child(instance=statement)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.accessibility_statement = statement
    settings.save()
    body = client.get("/").content.decode()
    assert 'href="/accessibility/"' in body


def test_unknown_url_is_404(client, home):
    assert client.get("/no-such-page/").status_code == 404


def test_not_found_page_is_helpful(client, home):
    response = client.get("/definitely-missing/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_deep_pages_route_directly_and_drafts_stay_hidden(client, course, lessons):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from learning.models import ModulePage

    module = ModulePage.objects.child_of(course).first()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(module.url).status_code == 200
    routing = [q for q in ctx.captured_queries if '"wagtailcore_page"."url_path" = ' in q["sql"]]
    assert len(routing) == 1  # one lookup by URL path, not one per level
    assert client.get(course.url + "no-such-module/lesson/").status_code == 404
    module.unpublish()
    assert client.get(module.url).status_code == 404
    assert client.get(course.url).status_code == 200


@pytest.mark.parametrize(
    "query", ['=HYPERLINK("https://evil.example")', "title:data", '"unbalanced', "data AND (", "NEAR(a b)", "*"]
)
def test_search_reads_words_not_query_syntax(client, course, lessons, query):
    """Punctuation that full-text engines treat as syntax (a column name, quotes, brackets) is not an error."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_search_terms_keep_the_words_of_a_query():
    from cms.views import search_terms

    assert search_terms('=HYPERLINK("https://evil.example")') == "HYPERLINK https evil example"
    assert search_terms("  data-led   décisions ") == "data led décisions"
    assert search_terms("!!!") == ""


def test_pages_may_be_framed_by_our_own_admin_only(client, home):
    """Wagtail shows an editor's preview in an iframe of the admin, so the site may frame itself; nobody else may."""
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["frame-ancestors"] == "'self'"
