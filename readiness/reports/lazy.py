"""The report service, presenters, drill-down and export writers, imported on first use rather than when the
admin's URLs load.

They bring pandas and numpy (about 60 MiB per process). Views, URLconfs and template tags import these
proxies instead, so a web worker that never builds a report never loads them.
"""

from importlib import import_module

from django.utils.functional import SimpleLazyObject

service = SimpleLazyObject(lambda: import_module("readiness.reports.service"))
presenters = SimpleLazyObject(lambda: import_module("readiness.reports.presenters"))
drilldown = SimpleLazyObject(lambda: import_module("readiness.reports.drilldown"))
exports = SimpleLazyObject(lambda: import_module("readiness.reports.exports"))
