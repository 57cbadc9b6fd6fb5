"""Language, translations and fonts; the display names of states, roles and reminder categories.

English is the source language.  ``resources/i18n/archivist_<lang>.qm`` is built from the
``.ts`` by ``scripts/build_translations.py``; when it is missing the interface stays English.
"""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo
from pathlib import Path

from archivist_desktop.domain.permissions import Role
from archivist_desktop.domain.review import FlagReason
from archivist_desktop.domain.workflow import DeadlineState, ItemState, Reminder
from archivist_desktop.paths import resources_dir
from archivist_desktop.services.reminders import category as reminder_category
from archivist_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QApplication,
    QCoreApplication,
    QFont,
    QFontDatabase,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
)

log = logging.getLogger(__name__)

ENGLISH = "en"
CHINESE = "zh_CN"
#: preferred CJK-capable interface fonts, best first
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
)


def normalise_language(value: str) -> str:
    """``zh``, ``zh_CN``, ``zh-Hans-CN``, ``zh_CN.UTF-8`` → ``zh_CN``; anything else → ``en``."""
    return CHINESE if value.strip().lower().replace("-", "_").startswith("zh") else ENGLISH


def system_language() -> str:
    return normalise_language(QLocale.system().name())


def choose_language(setting: str) -> str:
    """The ``language`` setting when set, else the system locale's."""
    return normalise_language(setting) if setting and setting.strip() else system_language()


def translations_dir() -> Path:
    return resources_dir() / "i18n"


#: Qt's own strings that Qt's ``qtbase_<lang>.qm`` leaves untranslated (seen in the Qt 6.11 widget
#: file dialog: the labels of its .ui with their accelerators, the type column of the file list)
QT_SUPPLEMENTS: dict[str, dict[tuple[str, str], str]] = {
    CHINESE: {
        ("QFileDialog", "&Look in:"): "查找范围(&L)：",
        ("QFileDialog", "Look in:"): "查找范围：",
        ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
        ("QAbstractFileIconProvider", "Folder"): "文件夹",
        ("QAbstractFileIconProvider", "File Folder"): "文件夹",
        ("QAbstractFileIconProvider", "%1 File"): "%1 文件",
        ("QAbstractFileIconProvider", "File"): "文件",
        ("QAbstractFileIconProvider", "Drive"): "驱动器",
        ("QAbstractFileIconProvider", "Shortcut"): "快捷方式",
        ("QAbstractFileIconProvider", "Alias"): "替身",
        ("QAbstractFileIconProvider", "Unknown"): "未知",
    }
}


class QtSupplement(QTranslator):
    """A translator for the few Qt strings missing from Qt's own catalogue (``QT_SUPPLEMENTS``)."""

    def __init__(self, texts: dict[tuple[str, str], str], parent: QObject | None = None):
        super().__init__(parent)
        self._texts = texts

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None is a null QString: Qt goes on to the next translator (an empty string would be the translation)
        return self._texts.get((context, source_text))

    def isEmpty(self) -> bool:
        return not self._texts


class Translations:
    """Installs our translator and Qt's own (standard buttons, dialogs) for one language."""

    def __init__(self, app: QCoreApplication, directory: Path | None = None):
        self._app = app
        self._directory = directory or translations_dir()
        self._installed: list[QTranslator] = []
        self.language = ENGLISH

    def install(self, language: str) -> bool:
        """Switch to ``language``; False when its translation file is missing (English stays).

        English needs no translation, but ``archivist_en.qm`` (when built) supplies its plural forms.
        """
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        self.language = normalise_language(language)
        ok = True
        if self.language != ENGLISH:
            path = self._directory / f"archivist_{self.language}.qm"
            if self._load(str(path)):
                self._load(f"qtbase_{self.language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
                self._install_qt_supplement()
            else:
                log.warning(
                    "no translation at %s (run scripts/build_translations.py); the interface stays English", path
                )
                self.language = ENGLISH
                ok = False
        if self.language == ENGLISH:
            self._load(str(self._directory / "archivist_en.qm"))
        QLocale.setDefault(QLocale("zh_CN" if self.language == CHINESE else "en_US"))
        return ok

    def _install_qt_supplement(self) -> None:
        texts = QT_SUPPLEMENTS.get(self.language)
        if texts:
            # installed after qtbase: Qt asks the translator installed last first
            translator = QtSupplement(texts, self._app)
            self._app.installTranslator(translator)
            self._installed.append(translator)

    def _load(self, name: str, directory: str = "") -> bool:
        translator = QTranslator(self._app)
        if not translator.load(name, directory):
            translator.deleteLater()
            return False
        self._app.installTranslator(translator)
        self._installed.append(translator)
        return True


def apply_cjk_font(app: QApplication) -> str | None:
    """Use a CJK-capable interface font when one is installed; return its family."""
    families = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in families:
            font = QFont(app.font())
            font.setFamilies([family])
            app.setFont(font)
            return family
    return None


# --- display names -------------------------------------------------------------------------------


def item_state_label(state: ItemState) -> str:
    return {
        ItemState.WAITING: QCoreApplication.translate("Labels", "Step not reached"),
        ItemState.TO_CAPTURE: QCoreApplication.translate("Labels", "To capture"),
        ItemState.CAPTURED: QCoreApplication.translate("Labels", "Captured, to send"),
        ItemState.SENT: QCoreApplication.translate("Labels", "Sent for review"),
        ItemState.REVIEWED: QCoreApplication.translate("Labels", "Reviewed"),
        ItemState.TO_HAND_OVER: QCoreApplication.translate("Labels", "To hand over"),
        ItemState.RECEIVED: QCoreApplication.translate("Labels", "Received by archive"),
        ItemState.BOXED: QCoreApplication.translate("Labels", "Boxed, to shelve"),
        ItemState.ARCHIVED: QCoreApplication.translate("Labels", "Archived"),
    }[state]


def deadline_label(state: DeadlineState) -> str:
    return {
        DeadlineState.NORMAL: QCoreApplication.translate("Labels", "On time"),
        DeadlineState.WARNING: QCoreApplication.translate("Labels", "Warning"),
        DeadlineState.OVERDUE: QCoreApplication.translate("Labels", "Overdue"),
    }[state]


def role_label(role: Role) -> str:
    return {
        Role.CLERK: QCoreApplication.translate("Labels", "Counter clerk"),
        Role.COLLECTOR: QCoreApplication.translate("Labels", "Team collector"),
        Role.SUPERVISOR: QCoreApplication.translate("Labels", "Supervisor"),
        Role.ARCHIVIST: QCoreApplication.translate("Labels", "Archivist"),
        Role.TEAM_LEAD: QCoreApplication.translate("Labels", "Team lead"),
        Role.ADMIN: QCoreApplication.translate("Labels", "Administrator"),
    }[role]


def reminder_label(category: Reminder | str) -> str:
    """The translated name of a reminder category (its entry in ``services.reminders.CATEGORIES``)."""
    return QCoreApplication.translate("Labels", reminder_category(category).label)


def reminder_help(category: Reminder | str) -> str:
    """The translated tooltip of a reminder category."""
    return QCoreApplication.translate("Labels", reminder_category(category).help)


def local_time(value: datetime | None, tz: tzinfo) -> str:
    """``2026-11-04 09:00`` in the business time zone; empty for None."""
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else ""


def short_time(value: datetime | None, tz: tzinfo) -> str:
    """``11-04 09:00`` in the business time zone (for narrow columns; the tooltip has the year)."""
    return value.astimezone(tz).strftime("%m-%d %H:%M") if value else ""


_FLAG_REASONS = {
    FlagReason.BLURRY: QT_TRANSLATE_NOOP("ReviewWorkspace", "Blurred"),
    FlagReason.GLARE: QT_TRANSLATE_NOOP("ReviewWorkspace", "Glare"),
    FlagReason.CUT_OFF: QT_TRANSLATE_NOOP("ReviewWorkspace", "Cut off"),
    FlagReason.WRONG_DOCUMENT: QT_TRANSLATE_NOOP("ReviewWorkspace", "Wrong document"),
    FlagReason.INCOMPLETE: QT_TRANSLATE_NOOP("ReviewWorkspace", "Incomplete"),
    FlagReason.OTHER: QT_TRANSLATE_NOOP("ReviewWorkspace", "Other (say what in the comment)"),
}


def flag_reason_label(code: str | None) -> str:
    """The translated label of a review flag reason (unknown codes as they are)."""
    try:
        text = _FLAG_REASONS[FlagReason(code)]
    except ValueError:
        return code or ""
    return QCoreApplication.translate("ReviewWorkspace", text)
