"""Template tags for the first-time password path on the sign-up page."""

from django import template

from learning.first_password import first_password_email

register = template.Library()


@register.simple_tag
def first_password_offer(form) -> str:
    """Return the address to offer a set-password link for, when sign-up was refused for that reason."""
    return first_password_email(form)
