"""Site-wide search across published pages."""

import re

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_safe
from wagtail.models import Page

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
MAX_RESULTS = 500  # ranked in Python: more hits than this for a few words would not be read anyway
WORDS = re.compile(r"\w+")
# What each kind of page is called in the results, by (app label, model): cms names the page types of the
# apps above it as strings, never by import. The order is the ranking among pages whose title matches.
KINDS = {
    ("learning", "coursepage"): "Course",
    ("learning", "modulepage"): "Module",
    ("learning", "lessonpage"): "Lesson",
    ("assessments", "assessmentpage"): "Assessment",
}
KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS.values())}
OTHER_KIND = "Page"


def search_terms(query: str) -> str:
    """Return the words of a query, without the punctuation full-text engines read as syntax.

    SQLite's full-text index treats ``word:`` as a column name and quotes, brackets and operators as query
    syntax, so ``=HYPERLINK("https://x")`` was a database error; people search for words, not syntax.
    """
    return " ".join(WORDS.findall(query))


def page_kind(page: Page) -> str:
    """Return what a search result is, for its label: Course, Module, Lesson, Assessment or Page."""
    content_type = ContentType.objects.get_for_id(page.content_type_id)  # cached: no query after the first
    return KINDS.get((content_type.app_label, content_type.model), OTHER_KIND)


def title_matches(title: str, terms: str) -> bool:
    """Return whether every word of the query begins a word of the title ("data" matches "Working with data")."""
    title_words = [word.lower() for word in WORDS.findall(title)]
    return all(any(word.startswith(term.lower()) for word in title_words) for term in WORDS.findall(terms))


def ranked_results(pages: list[Page], terms: str) -> list[dict]:
    """Return the hits as ``{"page", "kind"}``: pages whose title holds every word first (courses, then modules,
    lessons and assessments), then the rest, each group in the search engine's order."""
    results = [{"page": page, "kind": page_kind(page)} for page in pages]

    def key(item: tuple[int, dict]) -> tuple[int, int, int]:
        position, result = item
        if title_matches(result["page"].title, terms):
            return (0, KIND_RANK.get(result["kind"], len(KIND_RANK)), position)
        return (1, 0, position)

    return [result for _, result in sorted(enumerate(results), key=key)]


def search(request):
    """Render search results for the ``q`` parameter, labelled by kind, ranked and paginated."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = []
    terms = search_terms(query)
    if terms:
        found = Page.objects.live().public().exclude(depth__lte=1).search(terms)
        results = ranked_results(list(found[:MAX_RESULTS]), terms)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return render(request, "cms/search.html", {"query": query, "results": page})


FAVICON = "cms/favicon.ico"
FAVICON_SECONDS = 24 * 60 * 60


@require_safe
def favicon(request):
    """Redirect ``/favicon.ico``, which browsers ask for on every site, to the icon among the static files."""
    response = HttpResponseRedirect(static(FAVICON))
    response["Cache-Control"] = f"public, max-age={FAVICON_SECONDS}"
    return response
