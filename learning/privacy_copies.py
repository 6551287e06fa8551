"""Erase the copies of a leaver's identity kept outside their staff record: Wagtail's log entries and
revisions about them, and the sessions of their closed account.

Used only by ``learning.privacy.staff_anonymise``, inside its transaction. A copy is rewritten, not
deleted, so the history still says what happened: "Femi Khan (NBC00052)" becomes "Former staff member
(ANON-52)". The entries rewritten are those about the staff record, about any record that points to it
(enrolments, progress, attempts, results, memberships), about the closed account, and any other entry
that names the record as it was (such as one about an enrolment deleted since).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import ForeignKey, Q, TextField
from django.db.models.functions import Cast
from wagtail.models import ModelLogEntry, Revision

from learning.models import PendingImport, StaffMember


def _whole(text: str) -> re.Pattern:
    """Match ``text`` as a whole word or phrase, in any case ("Jo" is not found in "Joinery")."""
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)


def _replaced(text: str, pairs: tuple[tuple[re.Pattern, str], ...]) -> str:
    for pattern, new in pairs:
        text = pattern.sub(lambda _match, new=new: new, text)
    return text


@dataclass(frozen=True)
class Identity:
    """Who a record said someone was: the texts to find, and what replaces each."""

    exact: tuple[tuple[re.Pattern, str], ...]  # full name, employee number, logins: replaced in every copy
    names: tuple[tuple[re.Pattern, str], ...]  # first and last name alone: only in copies about their records
    telltales: tuple[str, ...]  # texts naming this person unmistakably, searched for everywhere

    def apply(self, value, *, about_them: bool):
        """Return ``value`` (text, or JSON data of dicts, lists and text) with the old identity replaced."""
        if isinstance(value, str):
            value = _replaced(value, self.exact)
            return _replaced(value, self.names) if about_them else value
        if isinstance(value, list):
            return [self.apply(item, about_them=about_them) for item in value]
        if isinstance(value, dict):
            return {
                self.apply(key, about_them=about_them): self.apply(item, about_them=about_them)
                for key, item in value.items()
            }
        return value


def identity_of(*, before: dict, after: StaffMember, old_logins: tuple[str, ...], new_login: str) -> Identity:
    """Return what to replace, from the record's identity fields ``before`` and as anonymised ``after``.

    ``old_logins`` are the closed account's former username and email (none when the account is kept), and
    ``new_login`` what they became.
    """
    old_label = f"{before['first_name']} {before['last_name']} ({before['employee_number']})"
    exact = {
        old_label: str(after),
        f"{before['first_name']} {before['last_name']}": after.full_name,
        before["employee_number"]: after.employee_number,
    }
    telltales = [old_label]
    for login in sorted({before["email"], *old_logins} - {""}):
        exact[login] = new_login
        telltales.append(login)
    names = {before["first_name"]: after.first_name, before["last_name"]: after.last_name}

    def compiled(pairs: dict) -> tuple:
        longest_first = sorted(((old, new) for old, new in pairs.items() if old), key=lambda pair: -len(pair[0]))
        return tuple((_whole(old), new) for old, new in longest_first)

    return Identity(exact=compiled(exact), names=compiled(names), telltales=tuple(telltales))


def _linked_objects(staff: StaffMember, user) -> list[tuple[type, list[str]]]:
    """Return (model, object ids as text) for the record, each record pointing to it, and the closed account."""
    found = [(StaffMember, [str(staff.pk)])]
    for relation in StaffMember._meta.related_objects:
        if isinstance(relation.field, ForeignKey) and relation.field.model is not StaffMember:
            model = relation.related_model
            ids = model._default_manager.filter(**{relation.field.name: staff}).values_list("pk", flat=True)
            found.append((model, [str(pk) for pk in ids]))
    if user is not None:
        found.append((type(user), [str(user.pk)]))
    return [(model, ids) for model, ids in found if ids]


def _mentioning(texts: tuple[str, ...], *fields: str) -> Q:
    """Return a filter for rows whose text (or JSON, as text) fields contain any of ``texts``."""
    query = Q()
    for text in texts:
        escaped = json.dumps(text)[1:-1]  # as JSON stores it when the text is not plain ASCII
        for field in fields:
            query |= Q(**{f"{field}_text__icontains": text}) | Q(**{f"{field}_text__icontains": escaped})
    return query


def _keys(linked) -> set[tuple[int, str]]:
    """Return (content type id, object id) for each linked record."""
    return {
        (ContentType.objects.get_for_model(model, for_concrete_model=False).pk, object_id)
        for model, ids in linked
        for object_id in ids
    }


def _about(linked, type_field: str) -> Q:
    query = Q()
    for model, ids in linked:
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        query |= Q(**{type_field: content_type}, object_id__in=ids)
    return query


# Where Wagtail keeps copies: the model, its content type field, and the fields holding text or JSON.
COPIES = (
    (ModelLogEntry, "content_type", ("label", "data")),
    (Revision, "base_content_type", ("object_str", "content")),
)


def copies_rewrite(identity: Identity, linked) -> int:
    """Rewrite Wagtail's log entries and revisions about the person, or naming them; return how many changed."""
    keys, count = _keys(linked), 0
    for model, type_field, fields in COPIES:
        rows = model.objects.annotate(**{f"{field}_text": Cast(field, TextField()) for field in fields}).filter(
            _about(linked, type_field) | _mentioning(identity.telltales, *fields)
        )
        changed = []
        for row in rows:
            about_them = (getattr(row, f"{type_field}_id"), row.object_id) in keys
            new = {field: identity.apply(getattr(row, field), about_them=about_them) for field in fields}
            if any(value != getattr(row, field) for field, value in new.items()):
                for field, value in new.items():
                    setattr(row, field, value)
                changed.append(row)
        model.objects.bulk_update(changed, list(fields))
        count += len(changed)
    return count


def sessions_end(user) -> int:
    """Delete the stored sessions signed in as ``user`` (when sessions are kept in the database)."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0  # cookie or cache sessions: the unusable password already makes them invalid
    user_id = str(user.pk)
    keys = [
        session.session_key
        for session in store_class.get_model_class().objects.all()
        if store_class().decode(session.session_data).get("_auth_user_id") == user_id
    ]
    for key in keys:
        store_class(session_key=key).delete()
    return len(keys)


def pending_uploads_discard(organisation_id: int) -> int:
    """Delete the organisation's checked-but-unconfirmed staff uploads: the raw file may name the person, and
    confirming it after anonymising would bring their old identity back. HR upload the file again."""
    return PendingImport.objects.filter(organisation_id=organisation_id).delete()[0]


def identity_copies_erase(
    *, staff: StaffMember, before: dict, new_login: str, closed_user=None, old_logins: tuple[str, ...] = ()
) -> None:
    """Rewrite every copy of the person's former identity; end the closed account's sessions.

    ``staff`` is the record as anonymised, ``before`` its identity fields as they were, ``closed_user`` the
    sign-in account just closed (None if none was, or if it was kept for another current record),
    ``old_logins`` that account's former username and email, and ``new_login`` the placeholder now in both.
    """
    identity = identity_of(before=before, after=staff, old_logins=old_logins, new_login=new_login)
    linked = _linked_objects(staff, closed_user)
    copies_rewrite(identity, linked)
    pending_uploads_discard(staff.organisation_id)
    if closed_user is not None:
        sessions_end(closed_user)
