"""Qt's own dialogs in Chinese: the widget file dialog has no English left (issue 17 item 8)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")  # offscreen platform

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def chinese(qapp):
    from archivist_desktop.ui.i18n import Translations

    translations = Translations(qapp)
    assert translations.install("zh_CN") is True
    yield translations
    translations.install("en")


def test_qt_catalogue_and_supplement_are_installed(chinese):
    from archivist_desktop.ui.qt import QCoreApplication

    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    # a string neither supplement nor our catalogue has still comes from Qt's qtbase_zh_CN.qm
    assert QCoreApplication.translate("QFileDialog", "Detail View") == "详情视图"
    assert QCoreApplication.translate("NoSuchContext", "Untranslated") == "Untranslated"


def test_file_dialog_labels_buttons_and_types_are_chinese(qtbot, chinese, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QFileSystemModel, QLabel

    (tmp_path / "受理资料").mkdir()
    (tmp_path / "feed.json").write_text("{}", encoding="utf-8")
    dialog = QFileDialog(None, "导入工单", str(tmp_path), "工单 (*.json);;所有文件 (*)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    model = dialog.findChild(QFileSystemModel)
    with qtbot.waitSignal(model.directoryLoaded, timeout=5000, raising=False):
        dialog.show()
    qtbot.waitExposed(dialog)

    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton) if w.isVisible()]
    texts += [w.toolTip() for w in dialog.findChildren(QAbstractButton) if w.isVisible()]
    assert "查找范围(&L)：" in texts
    assert "文件类型(&T)：" in texts
    english = [t for t in texts if LATIN_WORD.search(t.replace("(&", "").replace("&", ""))]
    assert english == []

    root = model.index(str(tmp_path))
    qtbot.waitUntil(lambda: model.rowCount(root) == 2, timeout=5000)
    kinds = {model.index(r, 0, root).data(): model.index(r, 2, root).data() for r in range(model.rowCount(root))}
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert kinds["受理资料"] == "文件夹"
    assert "文档" in kinds["feed.json"] or "文件" in kinds["feed.json"]  # the MIME comment, else "json 文件"
    assert not any(LATIN_WORD.search(str(h)) for h in headers)
