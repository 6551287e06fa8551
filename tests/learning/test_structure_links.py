"""Links to the pages of a course are worked out from one page's URL exactly as Wagtail works them out."""

from hypothesis import given
from hypothesis import strategies as st

from learning.structure import PageRef, link_beside

slug = st.text(alphabet="abcdefghij-", min_size=1, max_size=6)


def wagtail_url(site: str, root: str, url_path: str) -> str:
    """Return Wagtail's URL for a page under a site root: the root's part of the path swapped for the site."""
    return site + "/" + url_path[len(root) :]


@given(
    site=st.sampled_from(["", "http://other.example", "https://learning.example.org:8443"]),
    root=st.lists(slug, min_size=1, max_size=2),
    course=st.lists(slug, min_size=1, max_size=3),
    anchor_tail=st.lists(slug, max_size=2),
    target_tail=st.lists(slug, max_size=2),
)
def test_a_link_beside_a_page_is_the_url_wagtail_would_give(site, root, course, anchor_tail, target_tail):
    root_path = "/" + "".join(f"{part}/" for part in root)
    anchor_path = root_path + "".join(f"{part}/" for part in course + anchor_tail)
    target_path = root_path + "".join(f"{part}/" for part in course + target_tail)
    target = PageRef(id=7, title="Target", url_path=target_path, path="0001", depth=1)

    link = link_beside(target, wagtail_url(site, root_path, anchor_path), anchor_path)

    assert link.url == wagtail_url(site, root_path, target_path)
    assert (link.id, link.title) == (7, "Target")


def test_a_page_without_a_url_gives_a_link_without_one():
    target = PageRef(id=1, title="Lesson", url_path="/home/a/", path="0001", depth=1)
    assert link_beside(target, None, "/home/b/").url is None
