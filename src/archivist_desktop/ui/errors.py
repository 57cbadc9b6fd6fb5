"""Service errors in the desk's language: translated at the GUI boundary from a code and its parameters.

A service raises a :class:`~archivist_desktop.errors.KnownError` with an English message (for the CLI
and the log) and, where a person at the desk meets it, a ``code`` and the values the message mentions
(``params``).  :func:`error_text` is what the GUI shows instead of ``str(exc)``: the code's template
translated in the context ``ServiceErrors`` with the parameters filled in, else the English message.

Each template is the English message of its raise site with ``{name}`` for each parameter, so an
English desk reads what the CLI prints (a document state or a role by its label, not its code).
:data:`SERVICE_ERRORS` is the one table (explicit ``QT_TRANSLATE_NOOP`` calls, so that ``lupdate``
sees every template).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from archivist_desktop.domain.permissions import Role
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.errors import as_storage_error, describe, is_known
from archivist_desktop.ui.i18n import item_state_label, role_label
from archivist_desktop.ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

log = logging.getLogger(__name__)

CONTEXT = "ServiceErrors"

#: code → English template (the service's message with ``{param}`` placeholders)
SERVICE_ERRORS: dict[str, str] = {
    # lookups
    "no_item": QT_TRANSLATE_NOOP("ServiceErrors", "no checklist item {item_id}"),
    "no_page": QT_TRANSLATE_NOOP("ServiceErrors", "no page {page_id}"),
    "no_work_order": QT_TRANSLATE_NOOP("ServiceErrors", "no work order {work_order}"),
    "no_document": QT_TRANSLATE_NOOP("ServiceErrors", "work order {work_order} has no document {document_type!r}"),
    "no_customer_no": QT_TRANSLATE_NOOP("ServiceErrors", "no customer with 户号 {customer_no}"),
    # capture (services/capture.py, pages.py, materials.py)
    "sent_on": QT_TRANSLATE_NOOP("ServiceErrors", "this document has been sent on; pages can no longer be added here"),
    "pages_locked": QT_TRANSLATE_NOOP(
        "ServiceErrors", "only pages not yet sent for review can be removed or reordered"
    ),
    "page_not_in_document": QT_TRANSLATE_NOOP("ServiceErrors", "that page is not part of this document"),
    "bad_page_order": QT_TRANSLATE_NOOP("ServiceErrors", "a new order must list exactly the document's pages"),
    "nothing_to_send": QT_TRANSLATE_NOOP("ServiceErrors", "nothing to send: no captured documents in this work order"),
    "page_empty": QT_TRANSLATE_NOOP("ServiceErrors", "the page is empty"),
    "document_archived": QT_TRANSLATE_NOOP(
        "ServiceErrors", "this document is archived: its pages can no longer change"
    ),
    "document_boxed": QT_TRANSLATE_NOOP(
        "ServiceErrors", "this document is in a box (待移交卷宗): it takes no new pages"
    ),
    "material_is_image": QT_TRANSLATE_NOOP(
        "ServiceErrors", "{name}: an image goes through the camera pipeline, not as a material"
    ),
    "material_nothing_to_show": QT_TRANSLATE_NOOP("ServiceErrors", "{name}: nothing to show"),
    # review (services/review.py)
    "flag_needs_reason": QT_TRANSLATE_NOOP("ServiceErrors", "a flag needs a reason: {reasons}"),
    "flag_needs_comment": QT_TRANSLATE_NOOP("ServiceErrors", "a flag with the reason 'other' needs a comment"),
    "not_in_review": QT_TRANSLATE_NOOP("ServiceErrors", "this document is not waiting for review (it is {state})"),
    "page_replaced": QT_TRANSLATE_NOOP(
        "ServiceErrors", "this page is no longer part of its document (it was replaced)"
    ),
    "page_flagged": QT_TRANSLATE_NOOP(
        "ServiceErrors", "this page was flagged for rescan: the recaptured page takes its place"
    ),
    "page_fully_approved": QT_TRANSLATE_NOOP("ServiceErrors", "this page has been approved at every gate already"),
    "pending_pages_flagged": QT_TRANSLATE_NOOP(
        "ServiceErrors", "the pages of this document left to decide are flagged for rescan"
    ),
    "document_fully_approved": QT_TRANSLATE_NOOP(
        "ServiceErrors", "every page of this document has been approved already"
    ),
    "nothing_to_take_back": QT_TRANSLATE_NOOP("ServiceErrors", "no approval to take back"),
    "take_back_not_yours": QT_TRANSLATE_NOOP(
        "ServiceErrors", "only the reviewer who approved a page can take the approval back"
    ),
    "take_back_moved_on": QT_TRANSLATE_NOOP(
        "ServiceErrors", "the document has moved on (it is {state}): its approvals can no longer be taken back"
    ),
    "taken_back_already": QT_TRANSLATE_NOOP("ServiceErrors", "this approval has been taken back already"),
    "take_back_later_gate": QT_TRANSLATE_NOOP(
        "ServiceErrors", "a later review gate has approved this page since: that approval comes first"
    ),
    "page_undecodable": QT_TRANSLATE_NOOP("ServiceErrors", "page {page_id} could not be decoded"),
    # users (services/users.py)
    "password_too_short": QT_TRANSLATE_NOOP("ServiceErrors", "the password must be at least {minimum} characters long"),
    "password_has_name": QT_TRANSLATE_NOOP("ServiceErrors", "the password must not contain the user name"),
    "user_needs_name_password": QT_TRANSLATE_NOOP("ServiceErrors", "a user needs a name and a password"),
    "user_exists": QT_TRANSLATE_NOOP("ServiceErrors", "user {username!r} already exists"),
    # records and boxes (services/records.py, boxes.py)
    "archivist_only": QT_TRANSLATE_NOOP(
        "ServiceErrors", "only an archivist may {action} (you are signed in as {role})"
    ),
    "nothing_to_receive": QT_TRANSLATE_NOOP(
        "ServiceErrors", "nothing to receive: scan a work-order barcode or pick documents"
    ),
    "nothing_to_hand_over": QT_TRANSLATE_NOOP(
        "ServiceErrors", "work order {work_order} has no reviewed documents waiting for hand-over"
    ),
    "not_reviewed": QT_TRANSLATE_NOOP(
        "ServiceErrors", "a document is {state}, not reviewed: only reviewed documents are handed over"
    ),
    "nothing_to_file": QT_TRANSLATE_NOOP("ServiceErrors", "{customer} has no received documents waiting for a volume"),
    "volume_empty": QT_TRANSLATE_NOOP("ServiceErrors", "volume {volume} is empty: file documents in it first"),
    "box_empty": QT_TRANSLATE_NOOP("ServiceErrors", "box {box} is empty: nothing to shelve"),
}


def _shown(name: str, value: object) -> object:
    """A parameter as people read it: a document state or a role by its translated label."""
    if name == "state":
        try:
            return item_state_label(ItemState(value))
        except ValueError:
            return value
    if name == "role":
        try:
            return role_label(Role(value))
        except ValueError:
            return value
    return value


def error_text(exc: BaseException | None) -> str:
    """What the GUI shows for ``exc``: a known code's translated template with its parameters, else the message.

    A known error without a code (or with a code this table lacks) reads as :func:`describe` gives it
    (its English message); any other exception as ``str(exc)``, as before.
    """
    if exc is None:
        return str(exc)
    exc = as_storage_error(exc) or exc
    if not is_known(exc):
        return str(exc)
    code = getattr(exc, "code", None)
    template = SERVICE_ERRORS.get(code) if code else None
    if template is None:
        return describe(exc)
    params: Mapping[str, object] = getattr(exc, "params", {}) or {}
    translated = QCoreApplication.translate(CONTEXT, template)
    try:
        return translated.format(**{name: _shown(name, value) for name, value in params.items()})
    except (KeyError, IndexError, ValueError):
        log.warning("the template of %s does not fit its parameters %s", code, sorted(params))
        return describe(exc)
