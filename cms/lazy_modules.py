"""Modules that load on first use rather than at start-up, with the standard library's ``importlib.util.LazyLoader``.

allauth's MFA views import its WebAuthn support (``allauth.mfa.webauthn.internal.auth``), which imports fido2
and, through it, cryptography: about 12 MiB in every worker. This site offers authenticator apps and
recovery codes only (``MFA_SUPPORTED_TYPES``), so WebAuthn code runs only if that setting changes. Made lazy,
the module is registered at once but executed on the first attribute anyone reads from it, and behaves as
before from then on. ``defer()`` must run before anything imports the module (config/urls.py, before allauth's
URLconf); tests/test_startup_imports.py checks that a worker serving learner pages never loads fido2.
"""

from __future__ import annotations

import importlib.util
import sys

DEFERRED = ("allauth.mfa.webauthn.internal.auth",)


def defer(names: tuple[str, ...] = DEFERRED) -> None:
    """Register each module to load on first attribute access (a module already imported stays as it is)."""
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        loader = importlib.util.LazyLoader(spec.loader)
        spec.loader = loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        loader.exec_module(module)
        parent, _, child = name.rpartition(".")
        setattr(sys.modules[parent], child, module)
