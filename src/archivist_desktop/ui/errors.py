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

import functools
import logging
from collections.abc import Mapping
from pathlib import Path

from archivist_desktop.domain.permissions import Permission, Role
from archivist_desktop.domain.templates import TemplateError, load_templates
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.errors import KnownError, as_storage_error, describe, is_known
from archivist_desktop.paths import resources_dir
from archivist_desktop.ui.i18n import item_state_label, role_label
from archivist_desktop.ui.qt import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

log = logging.getLogger(__name__)

CONTEXT = "ServiceErrors"

#: code → English template (the service's message with ``{param}`` placeholders)
SERVICE_ERRORS: dict[str, str] = {
    # lookups
    "no_item": QT_TRANSLATE_NOOP("ServiceErrors", "no checklist item {item_id}"),
    "no_page": QT_TRANSLATE_NOOP("ServiceErrors", "no page {page_id}"),
    "no_work_order": QT_TRANSLATE_NOOP("ServiceErrors", "no work order {work_order}"),
    "no_work_order_id": QT_TRANSLATE_NOOP("ServiceErrors", "no work order with id {work_order_id}"),
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
    "part_only_for_flag": QT_TRANSLATE_NOOP(
        "ServiceErrors", "an approval is for the whole file: only a flag can name one of its pages"
    ),
    "part_out_of_range": QT_TRANSLATE_NOOP(
        "ServiceErrors", "no page {part} to flag: this file has {page_count} page(s) that a flag can name"
    ),
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
    # permission refusals (domain/permissions.py, domain/review.py, services/scope.py)
    "role_may_not": QT_TRANSLATE_NOOP(
        "ServiceErrors", "role {role!r} may not {permission} documents of type {document_type!r}"
    ),
    "review_own_capture": QT_TRANSLATE_NOOP("ServiceErrors", "nobody may review a page they captured"),
    "gate_not_for_role": QT_TRANSLATE_NOOP("ServiceErrors", "role {role!r} does not decide at the {gate} gate"),
    "one_gate_per_person": QT_TRANSLATE_NOOP("ServiceErrors", "one person approves a page at one gate only"),
    "admin_required": QT_TRANSLATE_NOOP("ServiceErrors", "{what} needs an administrator; {username} is a {role}"),
    "unit_outside_work_order": QT_TRANSLATE_NOOP(
        "ServiceErrors",
        "{username} belongs to unit {user_unit}: work order {work_order} belongs to unit {unit}, outside it",
    ),
    "unit_outside_customer": QT_TRANSLATE_NOOP(
        "ServiceErrors",
        "{username} belongs to unit {user_unit}: customer {customer_no} belongs to unit {unit}, outside it",
    ),
}

#: a permission of the matrix as the verb of a refusal ("may not {permission} documents of type …")
PERMISSION_LABELS: dict[Permission, str] = {
    Permission.READ: QT_TRANSLATE_NOOP("Labels", "read"),
    Permission.UPLOAD: QT_TRANSLATE_NOOP("Labels", "upload"),
    Permission.DOWNLOAD: QT_TRANSLATE_NOOP("Labels", "download"),
    Permission.REVIEW: QT_TRANSLATE_NOOP("Labels", "review"),
}


def _chinese_desk() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


@functools.lru_cache(maxsize=4)
def _document_names(resources: Path) -> dict[str, tuple[str, str]]:
    """document type id → (Chinese, English) name, from the station's templates (ids named alike everywhere)."""
    names: dict[str, set[tuple[str, str]]] = {}
    try:
        templates = load_templates(resources / "templates")
    except (OSError, TemplateError) as exc:  # the GUI then shows the id; the error itself is what matters
        log.warning("no document names for error messages: %s", exc)
        return {}
    for template in templates.values():
        for step in template.steps:
            for doc in step.documents:
                names.setdefault(doc.id, set()).add((doc.name_zh, doc.name_en))
    return {doc_id: next(iter(pairs)) for doc_id, pairs in names.items() if len(pairs) == 1}


def document_type_label(document_type: str) -> str:
    """A document type by its name in the desk's language (the templates'), else its id."""
    try:
        zh, en = _document_names(resources_dir()).get(document_type, (document_type, document_type))
    except FileNotFoundError:
        return document_type
    return zh if _chinese_desk() else en


def _shown(name: str, value: object, params: Mapping[str, object]) -> object:
    """A parameter as people read it: a document state, a role, a permission or a document type by its
    translated label; a value with a Chinese twin (``gate`` and ``gate_zh``) by the desk's language."""
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
    if name == "permission":
        try:
            return QCoreApplication.translate("Labels", PERMISSION_LABELS[Permission(value)])
        except ValueError:
            return value
    if name == "document_type" and isinstance(value, str):
        named = params.get("document_name_zh" if _chinese_desk() else "document_name_en")
        return named or document_type_label(value)
    if f"{name}_zh" in params and _chinese_desk():
        return params[f"{name}_zh"]
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
        return translated.format(**{name: _shown(name, value, params) for name, value in params.items()})
    except (KeyError, IndexError, ValueError):
        log.warning("the template of %s does not fit its parameters %s", code, sorted(params))
        return describe(exc)


def coded_text(message: str, code: str | None, params: Mapping[str, object] | None = None) -> str:
    """:func:`error_text` of a refusal kept as its English ``message``, ``code`` and ``params`` (a review
    queue entry's ``refusal``, ``refusal_code``, ``refusal_params``)."""
    return error_text(KnownError(message, code=code, **dict(params or {})))
