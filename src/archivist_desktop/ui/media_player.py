"""Playing an attached recording in the viewer (#19): a small player (play/pause, a position slider, the
time and the duration) shown in place of the poster frame when the person presses Play.

Qt Multimedia is optional (:func:`ui.qt.multimedia`): without it the Play button is "Open in the system
player" and the recording is handed to the computer's own program (a copy, :mod:`ui.open_external`).
The stored file is played where it is kept (fetched from the centre first when this station has only
its row), found off the GUI thread by :func:`media_file`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from archivist_desktop.services.archive import Archive
from archivist_desktop.services.capture import readable_page
from archivist_desktop.services.materials import format_duration
from archivist_desktop.services.page_bytes import ensure_local
from archivist_desktop.services.users import UserInfo
from archivist_desktop.ui.operations import OperationRunner, report_text
from archivist_desktop.ui.qt import (
    QCoreApplication,
    QHBoxLayout,
    QLabel,
    QObject,
    QSlider,
    QStackedWidget,
    QStyle,
    Qt,
    QToolButton,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
    multimedia,
)

MEDIA = ("audio", "video")


def media_file(archive: Archive, user: UserInfo, page_id: str) -> tuple[Path, str]:
    """The recording's stored file on this station and its original name, for a person who may read it
    (any thread)."""
    page = readable_page(archive, user, page_id)
    return ensure_local(archive, page), page.original_name or ""


class MediaPlayer(QWidget):
    """A recording playing: the picture (video) or a note (audio) above play/pause, the position slider
    and ``0:01 / 0:02``; "Back to the picture" (or Esc) stops it and asks to show the poster again.

    Signals:
        closed(): the person left the player.
    """

    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        mm = multimedia()
        if mm is None:
            raise RuntimeError("Qt Multimedia is not available")
        self.setObjectName("mediaPlayer")
        self.page_id: str | None = None
        self.kind = ""
        self.player = mm.QMediaPlayer(self)
        self.audio = mm.QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.video = mm.QVideoWidget()
        self.video.setObjectName("mediaVideo")
        self.player.setVideoOutput(self.video)
        self.note = QLabel()
        self.note.setObjectName("mediaNote")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.play_button = QToolButton()
        self.play_button.setObjectName("mediaPlayPause")
        self.play_button.clicked.connect(self.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("mediaPosition")
        self.slider.setRange(0, 0)
        self.slider.sliderMoved.connect(self.player.setPosition)
        self.time_label = QLabel(self._time_text(0, 0))
        self.time_label.setObjectName("mediaTime")
        self.back_button = QToolButton()
        self.back_button.setObjectName("mediaBack")
        self.back_button.setText(self.tr("Back to the picture"))
        self.back_button.setToolTip(self.tr("Stop playing and show the poster frame again (Esc)"))
        self.back_button.clicked.connect(self.close_player)
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time_label)
        controls.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.video, 1)
        layout.addWidget(self.note, 1)
        layout.addLayout(controls)
        self.player.positionChanged.connect(self._on_position)
        self.player.durationChanged.connect(self._on_duration)
        self.player.playbackStateChanged.connect(lambda _s: self._update_play_button())
        self.player.errorOccurred.connect(self._on_error)
        self._update_play_button()

    def play_file(self, page_id: str, path: Path, kind: str, name: str = "") -> None:
        """Play ``path`` (the stored file of page ``page_id``, a ``video`` or ``audio`` recording)."""
        self.page_id, self.kind = page_id, kind
        self.video.setVisible(kind == "video")
        self.note.setVisible(kind != "video")
        self.note.setText("♪ " + (name or path.name))
        self.slider.setRange(0, 0)
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.player.play()

    def toggle(self) -> None:
        if self.is_playing:
            self.player.pause()
        else:
            self.player.play()

    @property
    def is_playing(self) -> bool:
        return self.player.playbackState() == type(self.player).PlaybackState.PlayingState

    def stop(self) -> None:
        """Stop and let go of the file."""
        self.player.stop()
        self.player.setSource(QUrl())
        self.page_id = None

    def close_player(self) -> None:
        self.stop()
        self.closed.emit()

    def _time_text(self, position_ms: int, duration_ms: int) -> str:
        return f"{format_duration(position_ms / 1000)} / {format_duration(duration_ms / 1000)}"

    def _on_position(self, position: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(position)
        self.time_label.setText(self._time_text(position, self.player.duration()))

    def _on_duration(self, duration: int) -> None:
        self.slider.setRange(0, max(0, duration))
        self.time_label.setText(self._time_text(self.player.position(), duration))

    def _on_error(self, _error, text: str) -> None:
        self.note.setVisible(True)
        self.note.setText(self.tr("The recording could not be played: {error}").format(error=text))

    def _update_play_button(self) -> None:
        playing = self.is_playing
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setToolTip(self.tr("Pause") if playing else self.tr("Play"))

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_player()
            return
        if event.key() == Qt.Key.Key_Space:
            self.toggle()
            return
        super().keyPressEvent(event)


class Playback(QObject):
    """The Play button of a viewer that shows a recording's poster frame, and the player shown in its place.

    ``stack`` holds the viewer (put it in the layout where the viewer was); :meth:`show_page` is told the
    page on screen and its kind. With Qt Multimedia, Play finds the stored file off the GUI thread and
    plays it in a :class:`MediaPlayer` over the viewer; without it the button is "Open in the system player"
    and calls ``open_external(page_id)``.

    Its strings are translated in the context ``MediaPlayer``.

    Signals:
        status(str): what went wrong, for the status line.
    """

    status = Signal(str)

    def __init__(
        self,
        archive: Archive,
        user: UserInfo,
        runner: OperationRunner,
        viewer: QWidget,
        open_external: Callable[[str], None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.archive, self.user, self.runner = archive, user, runner
        self.viewer = viewer
        self.open_external = open_external
        self.available = multimedia() is not None
        self.page_id: str | None = None
        self.kind = ""
        self.name = ""
        self.stack = QStackedWidget()
        self.stack.setObjectName("viewerStack")
        self.stack.addWidget(viewer)
        self.player: MediaPlayer | None = None
        self.button = QToolButton()
        self.button.setObjectName("playRecording")
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setIcon(self.button.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        if self.available:
            self.button.setText(QCoreApplication.translate("MediaPlayer", "Play"))
            self.button.setToolTip(QCoreApplication.translate("MediaPlayer", "Play the recording here"))
        else:
            self.button.setText(QCoreApplication.translate("ReviewWorkspace", "Open in the system player"))
            self.button.setToolTip(
                QCoreApplication.translate(
                    "MediaPlayer",
                    "Qt Multimedia is not available on this computer: play the recording in its own player",
                )
            )
        self.button.clicked.connect(self.play)
        self.button.hide()

    def show_page(self, page_id: str | None, kind: str, name: str = "") -> None:
        """The viewer now shows ``page_id`` (its kind, empty while unknown): Play for a recording; the
        player of another page stops and the viewer comes back."""
        if page_id != self.page_id and self.player is not None and self.player.page_id is not None:
            self.player.stop()
            self.stack.setCurrentWidget(self.viewer)
        self.page_id, self.kind, self.name = page_id, kind, name
        self.button.setVisible(kind in MEDIA)

    @property
    def playing_page(self) -> str | None:
        """The page whose recording is in the player on screen, or ``None``."""
        if self.player is None or self.stack.currentWidget() is not self.player:
            return None
        return self.player.page_id

    def play(self) -> None:
        page_id = self.page_id
        if page_id is None or self.kind not in MEDIA:
            return
        if not self.available:
            self.open_external(page_id)
            return
        self.runner.read(
            media_file,
            self.archive,
            self.user,
            page_id,
            on_done=lambda found: self._start(page_id, *found),
            on_error=self._on_error,
            context=self,
        )

    def _start(self, page_id: str, path: Path, name: str) -> None:
        if page_id != self.page_id:  # another page by now
            return
        if self.player is None:
            self.player = MediaPlayer()
            self.player.closed.connect(lambda: self.stack.setCurrentWidget(self.viewer))
            self.stack.addWidget(self.player)
        self.player.play_file(page_id, path, self.kind, self.name or name)
        self.stack.setCurrentWidget(self.player)
        self.player.play_button.setFocus()

    def _on_error(self, exc: BaseException) -> None:
        self.status.emit(
            QCoreApplication.translate("MediaPlayer", "The recording could not be played: {error}").format(
                error=report_text(exc)
            )
        )

    def shutdown(self) -> None:
        if self.player is not None:
            self.player.stop()
