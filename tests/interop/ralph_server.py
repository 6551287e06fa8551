"""Run ``ralph runserver`` (Ralph 5.1.0, in its own environment) with one correction, started by tests/lrs.py.

Ralph's filesystem LRS backend writes each POSTed batch with its data backend's default operation, "create", which
refuses to write to a file that exists: the first POST of statements is stored and every later one answers 500
("already exists and overwrite is not allowed"). An LRS must take statements again and again, so the backend is set
to append here. The assignment sits at the top of this module because the dev server's reloader starts the app in
a spawned process, which imports this file again (as ``__mp_main__``) before it serves.
"""

import sys

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    from ralph.__main__ import cli

    sys.exit(cli.cli())
