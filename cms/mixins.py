"""Page behaviour shared by page types in several apps."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login


class SignInRequiredMixin:
    """Serve the page only to signed-in users; send anyone else to sign in and come back."""

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return super().serve(request, *args, **kwargs)
