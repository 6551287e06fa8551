"""Site-wide search across published pages."""

import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from wagtail.models import Page

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
WORDS = re.compile(r"\w+")


def search_terms(query: str) -> str:
    """Return the words of a query, without the punctuation full-text engines read as syntax.

    SQLite's full-text index treats ``word:`` as a column name and quotes, brackets and operators as query
    syntax, so ``=HYPERLINK("https://x")`` was a database error; people search for words, not syntax.
    """
    return " ".join(WORDS.findall(query))


def search(request):
    """Render search results for the ``q`` parameter, paginated."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    terms = search_terms(query)
    if terms:
        results = Page.objects.live().public().exclude(depth__lte=1).search(terms)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return render(request, "cms/search.html", {"query": query, "results": page})
