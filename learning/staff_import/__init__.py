"""Import staff records from an HR extract (CSV or XLSX): read, validate, plan, apply.

``staff_import`` is the service; the admin upload and ``manage.py import_staff`` both call it.
"""

from learning.staff_import.apply import staff_import
from learning.staff_import.report import ImportReport

__all__ = ["ImportReport", "staff_import"]
