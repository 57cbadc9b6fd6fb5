"""Opening an attached material in the system's own program (#19), from the review viewer and from the
Capture filmstrip: one action's look (:func:`update_open_action`) and one way of opening
(:class:`ExternalOpener`: a copy of the stored bytes written off the GUI thread by
:func:`services.open_external.external_copy`, handed to ``QDesktopServices.openUrl``).

Its strings are translated in the context ``ReviewWorkspace`` (where they were first written).
"""

from __future__ import annotations

from archivist_desktop.services.archive import Archive
from archivist_desktop.services.changes import Changes
from archivist_desktop.services.open_external import ExternalCopy, external_copy, remove_external_copies
from archivist_desktop.services.users import UserInfo
from archivist_desktop.ui.operations import OperationRunner, report_text
from archivist_desktop.ui.qt import QAction, QCoreApplication, QDesktopServices, QObject, QStyle, QUrl, QWidget, Signal

#: the kinds of page that open in the system's programs (a camera page is an image: not these)
OPENABLE = ("document", "audio", "video")


def update_open_action(action: QAction, kind: str, style: QStyle) -> None:
    """Enable ``action`` for a PDF/OFD ("Open in the system viewer") or a recording ("… player");
    ``kind``: the page's kind, empty while it is not known (then it stays off)."""
    media = kind in ("audio", "video")
    action.setEnabled(kind in OPENABLE)
    action.setText(
        QCoreApplication.translate("ReviewWorkspace", "Open in the system player")
        if media
        else QCoreApplication.translate("ReviewWorkspace", "Open in the system viewer")
    )
    action.setToolTip(
        QCoreApplication.translate(
            "ReviewWorkspace",
            "Play the recording in the computer's own media player (a copy; the original stays as stored)",
        )
        if media
        else QCoreApplication.translate(
            "ReviewWorkspace", "Open the file in the computer's own viewer (a copy; the original stays as stored)"
        )
    )
    # not the Play triangle: that is the in-app player's button beside it (ui/media_player.py)
    action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))


class ExternalOpener(QObject):
    """Writes a copy of a page's stored bytes (off the GUI thread, audited as a view) and hands it to the
    system's viewer or player; the copies go with :meth:`remove_copies` (when the window closes).

    Signals:
        status(str): what happened, for the workspace's status line.
        opened(object): the :class:`ExternalCopy` handed to the system.
    """

    status = Signal(str)
    opened = Signal(object)

    def __init__(self, archive: Archive, user: UserInfo, runner: OperationRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.archive = archive
        self.user = user
        self.runner = runner
        self.copies: dict[str, ExternalCopy] = {}

    def open(self, page_id: str | None) -> None:
        if not page_id:
            return
        self.status.emit(QCoreApplication.translate("ReviewWorkspace", "Opening…"))
        self.runner.write(
            external_copy,
            self.archive,
            self.user,
            page_id,
            changes=Changes.NONE,
            on_done=self._on_copy,
            on_error=lambda exc: self.status.emit(
                QCoreApplication.translate("ReviewWorkspace", "Could not open the file: {error}").format(
                    error=report_text(exc)
                )
            ),
            context=self,
        )

    def _on_copy(self, copy: ExternalCopy) -> None:
        self.copies[copy.page_id] = copy
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy.path))):
            self.status.emit(QCoreApplication.translate("ReviewWorkspace", "Opened in the system's own program."))
        else:
            self.status.emit(
                QCoreApplication.translate("ReviewWorkspace", "No program on this computer opens {name}.").format(
                    name=copy.path.name
                )
            )
        self.opened.emit(copy)

    def remove_copies(self) -> None:
        """Remove the copies handed out (all of this station's: they live in one folder)."""
        if self.copies:
            remove_external_copies(self.archive)
            self.copies.clear()
