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

from learning.models import StaffMember


@dataclass(frozen=True)
class Identity:
    """Who a record said someone was: the texts to find, and what replaces each."""

    replacements: tuple[tuple[str, str], ...]  # (old text, new text), longest first
    telltales: tuple[str, ...]  # texts naming this person unmistakably, searched for everywhere

    def apply(self, text: str) -> str:
        for old, new in self.replacements:
            text = re.sub(re.escape(old), new.replace("\\", r"\\"), text, flags=re.IGNORECASE)
        return text

    def apply_to_data(self, value):
        """Return ``value`` (JSON data: dicts, lists, strings) with every old text replaced."""
        if isinstance(value, str):
            return self.apply(value)
        if isinstance(value, list):
            return [self.apply_to_data(item) for item in value]
        if isinstance(value, dict):
            return {self.apply(key): self.apply_to_data(item) for key, item in value.items()}
        return value


def identity_of(*, before: dict, after: StaffMember, old_logins: tuple[str, ...], new_login: str) -> Identity:
    """Return what to replace, from the record's identity fields ``before`` and as anonymised ``after``.

    ``old_logins`` are the closed account's former username and email (none when the account is kept), and
    ``new_login`` what they became.
    """
    old_label = f"{before['first_name']} {before['last_name']} ({before['employee_number']})"
    pairs = {
        old_label: str(after),
        f"{before['first_name']} {before['last_name']}": after.full_name,
        before["employee_number"]: after.employee_number,
        before["first_name"]: after.first_name,
        before["last_name"]: after.last_name,
    }
    telltales = [old_label]
    for login in {before["email"], *old_logins} - {""}:
        pairs[login] = new_login
        telltales.append(login)
    replacements = tuple(sorted(((old, new) for old, new in pairs.items() if old), key=lambda p: -len(p[0])))
    return Identity(replacements=replacements, telltales=tuple(telltales))


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


def _about(models_ids, type_field: str) -> Q:
    query = Q()
    for model, ids in models_ids:
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        query |= Q(**{type_field: content_type}, object_id__in=ids)
    return query


def log_entries_rewrite(identity: Identity, linked) -> int:
    """Rewrite the label and data of Wagtail's log entries about the person; return how many changed."""
    entries = ModelLogEntry.objects.annotate(
        label_text=Cast("label", TextField()), data_text=Cast("data", TextField())
    ).filter(_about(linked, "content_type") | _mentioning(identity.telltales, "label", "data"))
    changed = []
    for entry in entries:
        label, data = identity.apply(entry.label), identity.apply_to_data(entry.data)
        if (label, data) != (entry.label, entry.data):
            entry.label, entry.data = label, data
            changed.append(entry)
    ModelLogEntry.objects.bulk_update(changed, ["label", "data"])
    return len(changed)


def revisions_rewrite(identity: Identity, linked) -> int:
    """Rewrite the saved title and content of revisions about the person; return how many changed."""
    revisions = Revision.objects.annotate(
        object_str_text=Cast("object_str", TextField()), content_text=Cast("content", TextField())
    ).filter(_about(linked, "base_content_type") | _mentioning(identity.telltales, "object_str", "content"))
    changed = []
    for revision in revisions:
        title, content = identity.apply(revision.object_str), identity.apply_to_data(revision.content)
        if (title, content) != (revision.object_str, revision.content):
            revision.object_str, revision.content = title, content
            changed.append(revision)
    Revision.objects.bulk_update(changed, ["object_str", "content"])
    return len(changed)


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
    log_entries_rewrite(identity, linked)
    revisions_rewrite(identity, linked)
    if closed_user is not None:
        sessions_end(closed_user)
