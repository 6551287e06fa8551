"""How a send can fail, raised by email backends and read by ``notifications.delivery``."""


class PermanentFailure(Exception):
    """The message can never be delivered as it is (an address refused, a template missing)."""


class TemporaryFailure(Exception):
    """Try again later (the service down or too busy)."""
