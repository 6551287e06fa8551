import time
from django.core.management import call_command
from wagtail.models import Page

def test_probe(live_server, transactional_db, django_db_serialized_rollback, page):
    t=time.monotonic()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    print("seed", time.monotonic()-t)
    page.goto(live_server.url + "/")

def test_probe2(live_server, transactional_db, django_db_serialized_rollback):
    print(list(Page.objects.values_list("id", "depth", "path")))
def test_probe3(demo_site, page):
    for path in ["/", "/courses/data-essentials/", "/static/cms/build/main.css", "/accounts/login/", "/search/?q=data"]:
        r = page.goto(demo_site + path)
        print(path, r.status)
    page.goto(demo_site + "/")
    print(page.evaluate("getComputedStyle(document.body).fontFamily"))
