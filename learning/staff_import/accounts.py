"""Sign-in accounts for imported staff: find or create users by email, follow email changes, (de)activate.

Every staff member with an email gets a Django user (username = the email in lower case, an unusable
password: they sign in through single sign-on or reset their password) and a verified, primary allauth
``EmailAddress``. An existing user with that email (username, email or verified address) is linked instead,
unless it already belongs to another staff record of the organisation. Queries are in bulk: a fixed number
per 900 emails or users, never one per row.

Email changes: when a linked user belongs to no other organisation and nobody holds the new email, the user
is renamed (they keep their password); otherwise the record is linked to the new email's user and an old
user left with no staff records is deactivated with an unusable password, so that whoever controls it
cannot follow the address to someone else.

Deactivation (leavers) skips users who still work for another organisation.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q
from django.utils import timezone

from learning.models import StaffMember
from learning.staff_import import bulk
from learning.staffing import current_on

CHUNK = 900  # values per IN (...) list: under SQLite's oldest limit of 999 variables
ACCOUNT_IN_USE = (
    "{number}: the sign-in account for ‘{email}’ already belongs to staff member {other}, so {number} was not "
    "linked to it. Check both records."
)
ACCOUNT_NOT_RENAMED = (
    "{number}: the sign-in account still uses the old email ‘{old}’, because ‘{new}’ belongs to another account "
    "that is linked to staff member {other}. Check both records."
)


@dataclass(frozen=True)
class EmailMove:
    """A linked record whose email changes."""

    number: str
    user_id: int
    old: str
    new: str
    first_name: str
    last_name: str
    active: bool


@dataclass
class AccountChanges:
    """What happened to sign-in accounts in one import."""

    created: int = 0
    linked: int = 0
    renamed: int = 0
    deactivated: int = 0
    reactivated: int = 0
    warnings: list[str] = field(default_factory=list)


def unusable_password() -> str:
    """Return what ``make_password(None)`` returns (a "!" then 40 random characters), ten times faster."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def owners_find(emails: Iterable[str]) -> dict[str, int]:
    """Return email -> id of the user who holds it: a verified address first, then username, then user email."""
    User = get_user_model()
    emails = sorted(set(emails))
    owners: dict[str, int] = {}
    for chunk in chunks(emails):
        by_user = {}
        for user_id, username, email in User.objects.filter(Q(username__in=chunk) | Q(email__in=chunk)).values_list(
            "id", "username", "email"
        ):
            by_user.setdefault(email.lower(), user_id)
            by_user[username.lower()] = user_id
        verified = dict(EmailAddress.objects.filter(email__in=chunk, verified=True).values_list("email", "user_id"))
        for email in chunk:
            owner = verified.get(email) or by_user.get(email)
            if owner is not None:
                owners[email] = owner
    return owners


def _addresses_ensure(pairs: dict[int, str]) -> None:
    """Give each user (id -> email) a verified address for the email; primary unless they have one already."""
    have, primary = set(), set()
    for chunk in chunks(list(pairs)):
        for user_id, email, is_primary in EmailAddress.objects.filter(user_id__in=chunk).values_list(
            "user_id", "email", "primary"
        ):
            have.add((user_id, email.lower()))
            if is_primary:
                primary.add(user_id)
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=user_id, email=email, verified=True, primary=user_id not in primary)
            for user_id, email in pairs.items()
            if (user_id, email) not in have
        ],
    )


def accounts_for_emails(
    wanted: dict[str, tuple[str, str, bool, str]], *, taken: dict[int, str], changes: AccountChanges
) -> tuple[dict[str, int], dict[int, bool]]:
    """Return email -> user id for each wanted email (first name, last name, active, employee number),
    linking existing users or creating new ones, and the linked existing users' wanted active state.

    ``taken`` maps user ids already linked to one of the organisation's records to that employee number.
    """
    User = get_user_model()
    owners = owners_find(wanted)
    result: dict[str, int] = {}
    link_active: dict[int, bool] = {}
    to_create = []
    for email, (first_name, last_name, active, number) in wanted.items():
        owner = owners.get(email)
        if owner is not None and taken.get(owner, number) != number:
            changes.warnings.append(ACCOUNT_IN_USE.format(number=number, email=email, other=taken[owner]))
            continue
        if owner is not None:
            result[email] = owner
            link_active[owner] = active
            taken[owner] = number
            continue
        to_create.append((email, first_name[:150], last_name[:150], active))
    _addresses_ensure({user_id: email for email, user_id in result.items()})
    if to_create:
        after, joined = bulk.largest_id(User), timezone.now()
        bulk.rows_insert(User, ({"username": email, "email": email, "first_name": first, "last_name": last,
                                 "is_active": active, "password": unusable_password(), "date_joined": joined}
                                for email, first, last, active in to_create))  # fmt: skip
        created = bulk.ids_after(User, after, "username")
        new_ids = {email: created[email] for email, *_ in to_create}
        bulk.rows_insert(EmailAddress, ({"user_id": user_id, "email": email, "verified": True, "primary": True}
                                        for email, user_id in new_ids.items()))  # fmt: skip
        result.update(new_ids)
    changes.created += len(to_create)
    changes.linked += len(link_active)
    return result, link_active


def accounts_email_change(
    moves: list[EmailMove], *, organisation_id: int, taken: dict[int, str], changes: AccountChanges
) -> dict[str, int]:
    """Follow the email changes of linked records; return employee number -> user id for records that must
    be linked to a different user."""
    User = get_user_model()
    user_ids = [move.user_id for move in moves]
    shared = set()
    for chunk in chunks(user_ids):
        shared |= set(
            StaffMember.objects.filter(user_id__in=chunk)
            .exclude(organisation_id=organisation_id)
            .values_list("user_id", flat=True)
        )
    owners = owners_find(move.new for move in moves)
    renames, relinks, orphans, new_accounts = {}, {}, [], {}
    for move in moves:
        owner = owners.get(move.new)
        if owner == move.user_id:
            continue
        if owner is None and move.user_id not in shared:
            renames[move.user_id] = move.new
        elif owner is None:
            new_accounts[move.new] = (move.first_name, move.last_name, move.active, move.number)
        elif taken.get(owner, move.number) != move.number:
            warning = ACCOUNT_NOT_RENAMED.format(number=move.number, old=move.old, new=move.new, other=taken[owner])
            changes.warnings.append(warning)
        else:
            relinks[move.number] = owner
            taken[owner] = move.number
            if move.user_id not in shared:
                orphans.append(move.user_id)
    if renames:
        users = list(User.objects.filter(id__in=list(renames)))
        for user in users:
            user.username = user.email = renames[user.id]
        User.objects.bulk_update(users, ["username", "email"], batch_size=300)
        EmailAddress.objects.filter(user_id__in=list(renames)).delete()
        _addresses_ensure(renames)
        changes.renamed += len(users)
    if relinks:
        emails = {move.number: move.new for move in moves}
        _addresses_ensure({owner: emails[number] for number, owner in relinks.items()})
    if new_accounts:
        created, _ = accounts_for_emails(new_accounts, taken=taken, changes=changes)
        relinks.update((number, created[email]) for email, (*_, number) in new_accounts.items() if email in created)
    if orphans:
        users = list(User.objects.filter(id__in=orphans))
        for user in users:
            user.is_active = False
            user.set_unusable_password()
        User.objects.bulk_update(users, ["is_active", "password"], batch_size=300)
        changes.deactivated += len(users)
    return relinks


def accounts_activity_set(
    wanted: dict[int, bool], *, organisation_id: int, today: date, changes: AccountChanges
) -> None:
    """Set users active or inactive (user id -> active); a leaver still working elsewhere stays active."""
    User = get_user_model()
    deactivate = [user_id for user_id, active in wanted.items() if not active]
    activate = [user_id for user_id, active in wanted.items() if active]
    for chunk in chunks(deactivate):
        working_elsewhere = (
            StaffMember.objects.filter(user_id__in=chunk)
            .exclude(organisation_id=organisation_id)
            .filter(current_on(today), anonymised_at__isnull=True)
            .values_list("user_id", flat=True)
        )
        ids = set(chunk) - set(working_elsewhere)
        if ids:
            changes.deactivated += User.objects.filter(id__in=ids, is_active=True).update(is_active=False)
    for chunk in chunks(activate):
        changes.reactivated += User.objects.filter(id__in=chunk, is_active=False).update(is_active=True)
