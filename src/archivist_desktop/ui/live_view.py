"""The live view: newest preview frame, detected page outline, sharpness badge, camera state."""

from __future__ import annotations

import math

from archivist_desktop.services.live import GrabberState, GrabberStatus
from archivist_desktop.ui.camera_feed import PreviewResult
from archivist_desktop.ui.qt import (
    QColor,
    QFont,
    QHBoxLayout,
    QPainter,
    QPen,
    QPointF,
    QPolygonF,
    QPushButton,
    QRectF,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

GOOD, WARN, BAD = QColor("#2e9d4a"), QColor("#d69a00"), QColor("#d03b2f")


class LiveView(QWidget):
    """Paints the latest :class:`PreviewResult`; shows the camera's state over it when not running.

    Signals:
        retry_requested(): the user pressed Retry after the camera failed.
    """

    retry_requested = Signal()
    resized = Signal(int, int)  # device pixels

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("liveView")
        # small: the capture desk fits 1366x768 at 125 % (1093x582 logical px, issue 17); it stretches
        self.setMinimumSize(240, 120)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.result: PreviewResult | None = None
        self.status: GrabberStatus | None = None
        self.message = ""
        self.badge_text = ""
        self.badge_colour = GOOD
        self.flash_text = ""
        self.auto_armed: bool | None = None
        self.retry_button = QPushButton(self.tr("Retry"), self)
        self.retry_button.setObjectName("cameraRetry")
        self.retry_button.hide()
        self.retry_button.clicked.connect(self.retry_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(3)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.retry_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def show_result(self, result: PreviewResult) -> None:
        self.result = result
        a = result.analysis
        if a.quad is None:
            self.badge_text, self.badge_colour = self.tr("No page found"), BAD
        elif a.cut_off:
            self.badge_text, self.badge_colour = self.tr("Page cut off by the frame edge"), BAD
        elif math.isnan(a.sharpness):
            self.badge_text, self.badge_colour = self.tr("Page looks blank"), WARN
        else:
            moving = a.motion > 0.006
            state = self.tr("moving") if moving else self.tr("still")
            self.badge_text = self.tr("Page found · sharpness {value:.2f} · {state}").format(
                value=a.sharpness, state=state
            )
            self.badge_colour = WARN if moving or a.sharpness < 0.05 else GOOD
        self.update()

    def show_status(self, status: GrabberStatus, message: str) -> None:
        self.status = status
        self.message = "" if status.state == GrabberState.RUNNING else message
        self.retry_button.setVisible(status.state in (GrabberState.FAILED, GrabberState.ENDED))
        self.update()

    def set_flash(self, text: str) -> None:
        self.flash_text = text
        self.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        ratio = self.devicePixelRatioF()
        self.resized.emit(round(self.width() * ratio), round(self.height() * ratio))

    def image_rect(self) -> QRectF:
        if self.result is None:
            return QRectF(self.rect())
        pw, ph = self.result.preview_size
        scale = min(self.width() / pw, self.height() / ph)
        w, h = pw * scale, ph * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#202020"))
        if self.result is not None:
            target = self.image_rect()
            image = self.result.image
            ratio = self.devicePixelRatioF()
            if abs(image.width() - target.width() * ratio) <= 2 and abs(image.height() - target.height() * ratio) <= 2:
                # the preview thread made it this size: a plain copy, not a scaled draw (issue 17: GUI gaps)
                image.setDevicePixelRatio(ratio)
                p.drawImage(QPointF(round(target.x()), round(target.y())), image)
            else:
                p.drawImage(target, image)
            a = self.result.analysis
            if a.quad is not None:
                sx = target.width() / self.result.preview_size[0]
                poly = QPolygonF([QPointF(target.x() + x * sx, target.y() + y * sx) for x, y in a.quad])
                p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                p.setPen(QPen(self.badge_colour, 3))
                p.drawPolygon(poly)
            self._badge(p, self.badge_text, self.badge_colour, top=True)
        if self.flash_text:
            self._badge(p, self.flash_text, QColor("#1f5fbf"), top=False)
        if self.message:
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 1.2)
            p.setFont(font)
            box = QRectF(self.rect()).adjusted(20, 20, -20, -20)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            bound = p.boundingRect(box, flags, self.message).adjusted(-14, -10, 14, 10)
            p.fillRect(bound, QColor(0, 0, 0, 190))
            p.setPen(QColor("#ffffff"))
            p.drawText(box, flags, self.message)
        p.end()

    def _badge(self, p: QPainter, text: str, colour: QColor, top: bool) -> None:
        if not text:
            return
        metrics = p.fontMetrics()
        w, h = metrics.horizontalAdvance(text) + 16, metrics.height() + 8
        y = 8 if top else self.height() - h - 8
        rect = QRectF(8, y, min(w, self.width() - 16), h)
        p.fillRect(rect, colour)
        p.setPen(QColor("#ffffff"))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
