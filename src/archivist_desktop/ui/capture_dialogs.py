"""Dialogs of the Capture workspace: camera settings, and the reason asked for a reject override
or a late entry (补录).

The settings dialog probes for cameras on the operation runner's compute lane
(:class:`~archivist_desktop.ui.operations.OperationRunner`), given or found on its parent window.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from archivist_desktop.services.live import BACKEND_CHOICES, list_devices
from archivist_desktop.ui.operations import OperationRunner
from archivist_desktop.ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QImage,
    QKeySequence,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPixmap,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    video_input_names,
)

log = logging.getLogger(__name__)

RESOLUTIONS = ("", "4208x3120", "4160x3120", "3264x2448", "2592x1944", "1920x1080", "1280x960")


@dataclass(frozen=True)
class CameraChoice:
    """The camera part of the settings, as the dialog edits it."""

    camera: str
    resolution: str
    backend: str
    pedal_key: str
    auto_capture: bool


def _find_runner(widget: QWidget | None) -> OperationRunner | None:
    """The ``runner`` of the nearest window up the parent chain that has one."""
    while widget is not None:
        runner = getattr(widget, "runner", None)
        if isinstance(runner, OperationRunner):
            return runner
        widget = widget.parentWidget()
    return None


def _probe_devices() -> list[tuple[str, str]]:
    """(spec, device path) of the cameras that open (any thread; opening cameras can take seconds)."""
    try:
        devices = list_devices(time_budget=3.0)
    except Exception:  # list_devices never raises, but be safe
        log.exception("camera probe failed")
        devices = []
    return [(d.spec, d.path or "") for d in devices]


class CameraSettingsDialog(QDialog):
    """Choose the camera (by name where Qt Multimedia knows it), replay file or simulation,
    resolution, backend, foot-pedal key and auto-capture."""

    def __init__(
        self,
        current: CameraChoice,
        parent: QWidget | None = None,
        probe: bool = True,
        runner: OperationRunner | None = None,
    ):
        super().__init__(parent)
        #: runs the camera probe off the GUI thread (the given one, else the nearest parent's ``runner``)
        self.runner = runner if runner is not None else _find_runner(parent)
        self.setObjectName("cameraSettings")
        self.setWindowTitle(self.tr("Camera settings"))
        self.camera_box = QComboBox()
        self.camera_box.setObjectName("cameraChoice")
        self.camera_box.addItem(self.tr("Simulated document camera (sim)"), "sim")
        self.camera_box.addItem(self.tr("Replay a video file or image folder…"), "replay:")
        names = video_input_names()
        if names:
            for index, name in enumerate(names):
                self.camera_box.addItem(self.tr("Camera {index}: {name}").format(index=index, name=name), str(index))
        self.replay_edit = QLineEdit()
        self.replay_edit.setObjectName("replayPath")
        self.replay_edit.setPlaceholderText(self.tr("Video file or image folder"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        replay_row = QHBoxLayout()
        replay_row.addWidget(self.replay_edit, 1)
        replay_row.addWidget(browse)
        self.probe_label = QLabel()
        self.probe_label.setStyleSheet("color: palette(placeholder-text);")
        self.resolution_box = QComboBox()
        self.resolution_box.setObjectName("resolution")
        for value in RESOLUTIONS:
            self.resolution_box.addItem(value.replace("x", " × ") if value else self.tr("Camera default"), value)
        self.backend_box = QComboBox()
        self.backend_box.setObjectName("backend")
        for value in BACKEND_CHOICES:
            self.backend_box.addItem(self.tr("Automatic") if value == "auto" else value, value)
        self.pedal_edit = QKeySequenceEdit(QKeySequence(current.pedal_key))
        self.pedal_edit.setObjectName("pedalKey")
        self.pedal_edit.setMaximumSequenceLength(1)
        self.auto_check = QCheckBox(self.tr("Capture automatically when a new page lies still"))
        self.auto_check.setObjectName("autoCaptureDefault")
        self.auto_check.setChecked(current.auto_capture)

        form = QFormLayout()
        form.addRow(self.tr("Camera:"), self.camera_box)
        form.addRow("", self.probe_label)
        form.addRow(self.tr("Replay:"), replay_row)
        form.addRow(self.tr("Resolution:"), self.resolution_box)
        form.addRow(self.tr("Backend:"), self.backend_box)
        form.addRow(self.tr("Foot-pedal key:"), self.pedal_edit)
        form.addRow("", self.auto_check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

        self._select_current(current)
        self.camera_box.currentIndexChanged.connect(self._update_replay_enabled)
        self._update_replay_enabled()
        if not names and probe and self.runner is not None and self.runner.is_running:
            self.probe_label.setText(self.tr("Looking for cameras…"))
            self.runner.compute(_probe_devices, context=self, on_done=self._on_probe_found)

    def _select_current(self, current: CameraChoice) -> None:
        if current.camera.startswith("replay:"):
            self.camera_box.setCurrentIndex(1)
            self.replay_edit.setText(current.camera[len("replay:") :])
        else:
            index = self.camera_box.findData(current.camera)
            if index < 0:
                self.camera_box.addItem(current.camera, current.camera)
                index = self.camera_box.count() - 1
            self.camera_box.setCurrentIndex(index)
        self.resolution_box.setCurrentIndex(max(0, self.resolution_box.findData(current.resolution)))
        if self.resolution_box.findData(current.resolution) < 0 and current.resolution:
            self.resolution_box.addItem(current.resolution, current.resolution)
            self.resolution_box.setCurrentIndex(self.resolution_box.count() - 1)
        self.backend_box.setCurrentIndex(max(0, self.backend_box.findData(current.backend)))

    def _on_probe_found(self, devices: list) -> None:
        self.probe_label.setText(self.tr("%n camera(s) found", "", len(devices)))
        for spec, path in devices:
            if self.camera_box.findData(spec) < 0:
                self.camera_box.addItem(
                    self.tr("Camera {index}").format(index=spec) + (f" ({path})" if path else ""), spec
                )

    def _update_replay_enabled(self) -> None:
        self.replay_edit.setEnabled(self.camera_box.currentData() == "replay:")

    def _browse(self) -> None:
        filters = self.tr("Videos and images (*.avi *.mp4 *.mkv *.jpg *.png);;All files (*)")
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Replay file"), "", filters)
        if path:
            self.replay_edit.setText(path)
            self.camera_box.setCurrentIndex(1)

    def choice(self) -> CameraChoice:
        camera = self.camera_box.currentData()
        if camera == "replay:":
            camera = "replay:" + self.replay_edit.text().strip()
        return CameraChoice(
            camera,
            self.resolution_box.currentData(),
            self.backend_box.currentData(),
            self.pedal_edit.keySequence().toString(QKeySequence.SequenceFormat.PortableText) or "F12",
            self.auto_check.isChecked(),
        )


class ReasonDialog(QDialog):
    """Asks for a reason (reject override or late entry); OK only with some text.

    For a rejected page (``picture``: its thumbnail JPEG) the page is shown beside the reasons, and
    the buttons are *keep_text* (accept, only with a reason) and *discard_text* (reject), the latter
    the default: Enter, or a suggestion picked with Down then Enter, never keeps a rejected page.
    """

    def __init__(
        self,
        title: str,
        text: str,
        suggestions: list[str],
        parent: QWidget | None = None,
        picture: bytes = b"",
        keep_text: str = "",
        discard_text: str = "",
    ):
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        label = QLabel(text)
        label.setObjectName("reasonText")
        label.setWordWrap(True)
        self.text_label = label
        self.picture_label = QLabel()
        self.picture_label.setObjectName("rejectedPicture")
        image = QImage.fromData(picture) if picture else QImage()
        if not image.isNull():
            pixmap = QPixmap.fromImage(image)
            self.picture_label.setPixmap(
                pixmap.scaled(240, 320, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
            )
            self.picture_label.setStyleSheet("border: 2px solid #b3261e;")
        else:
            self.picture_label.hide()
        self.reason_box = QComboBox()
        self.reason_box.setObjectName("reason")
        self.reason_box.setEditable(True)
        self.reason_box.addItems(suggestions)
        self.reason_box.setCurrentIndex(-1)
        self.reason_box.setMinimumWidth(360)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if keep_text:
            ok.setText(keep_text)
        if discard_text:
            cancel.setText(discard_text)
            ok.setAutoDefault(False)
            ok.setDefault(False)
            cancel.setAutoDefault(True)
            cancel.setDefault(True)
        self._discard_default = bool(discard_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_box.currentTextChanged.connect(self._update_ok)
        side = QVBoxLayout()
        side.addWidget(label)
        side.addWidget(self.reason_box)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.picture_label, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self._update_ok()

    def keyPressEvent(self, event) -> None:
        if self._discard_default and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if not isinstance(focus, QPushButton) or focus is self.buttons.button(
                QDialogButtonBox.StandardButton.Cancel
            ):
                self.reject()  # Enter in the reason field is "capture again", not "keep"
                return
        super().keyPressEvent(event)

    def reason(self) -> str:
        return self.reason_box.currentText().strip()

    def set_reason(self, text: str) -> None:
        self.reason_box.setEditText(text)

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason()))
