"""django-allauth adapter: accounts come from staff records, so public sign-up is closed."""

from allauth.account.adapter import DefaultAccountAdapter


class StaffAccountAdapter(DefaultAccountAdapter):
    """Close public sign-up; staff accounts are created from HR records."""

    def is_open_for_signup(self, request) -> bool:
        return False
