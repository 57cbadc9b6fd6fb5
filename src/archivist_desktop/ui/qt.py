"""The one module that imports PySide6 for the user interface.

Every other ``ui`` module takes its Qt names from here, so that version quirks are
patched in one place and ``grep PySide6`` finds exactly one file.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QPieSlice,
    QValueAxis,
)
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QEvent,
    QItemSelectionModel,
    QLibraryInfo,
    QLocale,
    QLoggingCategory,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QTranslator,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QBrush,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QStyle,
    QSystemTrayIcon,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from shiboken6 import isValid


def QT_TRANSLATE_NOOP(context: str, source_text: str) -> str:
    """Mark ``source_text`` for lupdate under ``context``; returns it unchanged, as Qt's own does.

    Defined here rather than taken from ``PySide6.QtCore`` because that stub types the result as ``object``.
    """
    return source_text


def _quiet_multimedia_probes() -> None:
    """Qt Multimedia looks for optional libraries (PipeWire, VA-API) when it loads and warns for each one
    missing; they are not needed (sound goes through PulseAudio, video is decoded on the CPU)."""
    QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver.warning=false")


def video_input_names() -> list[str] | None:
    """Names of the cameras Qt Multimedia sees, in its order; ``None`` when Qt Multimedia is unavailable."""
    _quiet_multimedia_probes()
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return None
    try:
        return [device.description() for device in QMediaDevices.videoInputs()]
    except Exception:  # noqa: BLE001 - a broken multimedia backend must not break the dialog
        return None


@functools.cache
def multimedia() -> SimpleNamespace | None:
    """Qt Multimedia's player (``QMediaPlayer``, ``QAudioOutput``, ``QVideoWidget``), imported on first use;
    ``None`` when it cannot be loaded (e.g. ``libpulse.so.0`` missing): the app runs without it and a
    recording opens in the system's player instead (#19)."""
    _quiet_multimedia_probes()
    try:
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget
    except ImportError:
        return None
    return SimpleNamespace(QMediaPlayer=QMediaPlayer, QAudioOutput=QAudioOutput, QVideoWidget=QVideoWidget)


__all__ = [
    name
    for name in dir()
    if name.startswith("Q") or name in ("Qt", "Signal", "Slot", "isValid", "video_input_names", "multimedia")
]
