"""Site-wide search across published pages."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from wagtail.models import Page

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def search(request):
    """Render search results for the ``q`` parameter, paginated."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().exclude(depth__lte=1).search(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return render(request, "cms/search.html", {"query": query, "results": page})
