"""The reminder panel: the six categories with counts, the escalated count, the items behind a category."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo

from archivist_desktop.domain.workflow import Reminder
from archivist_desktop.services.reminders import Reminders
from archivist_desktop.services.users import UserInfo
from archivist_desktop.ui.errors import error_text
from archivist_desktop.ui.i18n import reminder_help, reminder_label
from archivist_desktop.ui.models import GREY_TEXT, RED_TEXT, ReminderItemsModel
from archivist_desktop.ui.operations import OperationRunner
from archivist_desktop.ui.qt import (
    QAbstractItemView,
    QButtonGroup,
    QFont,
    QGridLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QPushButton,
    QSizePolicy,
    Qt,
    QTreeView,
    QVBoxLayout,
    QWidget,
    Signal,
)

RemindersLoader = Callable[[], Reminders]
#: reads the station's users (people's names for the reviewer in a rescan row's tooltip)
PeopleLoader = Callable[[], Sequence[UserInfo]]

TILE_STYLE = """
CategoryButton { border: 1px solid palette(mid); border-radius: 6px; background: palette(base); }
CategoryButton:hover { border-color: palette(highlight); }
CategoryButton:checked { border: 2px solid palette(highlight); background: #e3eefc; }
CategoryButton:focus { border-color: palette(highlight); }
"""


class CategoryButton(QPushButton):
    """A checkable tile: the count, big, over the category name."""

    def __init__(self, category: Reminder, parent: QWidget | None = None):
        super().__init__(parent)
        self.category = category
        self.setObjectName(f"reminder_{category.value}")
        self.setCheckable(True)
        self.setToolTip(reminder_help(category))
        self.count_label = QLabel("–")
        font = QFont(self.count_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.count_label.setFont(font)
        self.name_label = QLabel(reminder_label(category))
        self.name_label.setWordWrap(True)
        for label in (self.count_label, self.name_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(0)
        layout.addWidget(self.count_label)
        layout.addWidget(self.name_label)
        self.setMinimumHeight(layout.sizeHint().height() + 6)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self):
        return self.layout().sizeHint()

    def set_count(self, count: int) -> None:
        self.count_label.setText(str(count))
        self.count_label.setStyleSheet("" if count else f"color: {GREY_TEXT.name()};")


class ReminderPanel(QWidget):
    """Counts of the six reminder categories for the signed-in user, and the items behind one.

    Signals:
        work_order_activated(str, str): (work order id, work order number) of an activated item.
        reminders_loaded(object): the :class:`Reminders` now shown.
    """

    work_order_activated = Signal(str, str)
    reminders_loaded = Signal(object)

    def __init__(
        self,
        runner: OperationRunner,
        load_reminders: RemindersLoader,
        tz: tzinfo,
        chinese_names: bool,
        scope_text: str = "",
        parent: QWidget | None = None,
        load_people: PeopleLoader | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        runner.archive_changed.connect(self._on_runner_archive_changed)
        self._load = load_reminders
        self._load_people = load_people
        self._request = 0
        self.reminders: Reminders | None = None
        self.category: Reminder | None = None

        scope = QLabel(scope_text)
        scope.setObjectName("reminderScope")
        scope.setWordWrap(True)
        scope.setStyleSheet("color: palette(placeholder-text);")
        scope.setVisible(bool(scope_text))
        self.escalated_label = QLabel()
        self.escalated_label.setObjectName("escalated")
        self.escalated_label.setWordWrap(True)

        self.buttons: dict[Reminder, CategoryButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        grid = QGridLayout()
        grid.setSpacing(6)
        for n, category in enumerate(Reminder):
            button = CategoryButton(category)
            button.clicked.connect(lambda _checked=False, c=category: self.show_category(c))
            self._group.addButton(button)
            self.buttons[category] = button
            grid.addWidget(button, n // 2, n % 2)

        self.items_title = QLabel(self.tr("Click a category to list its items."))
        self.items_title.setObjectName("reminderItemsTitle")
        self.items_title.setWordWrap(True)
        self.items_model = ReminderItemsModel(tz, chinese_names, self)
        self.items_view = QTreeView()
        self.items_view.setObjectName("reminderItems")
        self.items_view.setModel(self.items_model)
        self.items_view.setRootIsDecorated(False)
        self.items_view.setUniformRowHeights(True)
        self.items_view.setAlternatingRowColors(True)
        self.items_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_view.setToolTip(self.tr("Double-click or press Enter to open the work order"))
        head = self.items_view.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(ReminderItemsModel.CUSTOMER, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(ReminderItemsModel.WHAT, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(ReminderItemsModel.DUE, QHeaderView.ResizeMode.ResizeToContents)
        self._customer_width = self.fontMetrics().horizontalAdvance("宁波宏达机械厂") + 12
        self.items_view.setColumnWidth(ReminderItemsModel.CUSTOMER, self._customer_width)
        # the work-order number is in each row's tooltip; the column is there for a wider panel
        self.items_view.setColumnHidden(ReminderItemsModel.ORDER, True)
        self.items_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.items_view.activated.connect(self._on_items_view_activated)

        self.setStyleSheet(TILE_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(scope)
        layout.addWidget(self.escalated_label)
        layout.addLayout(grid)
        layout.addSpacing(4)
        layout.addWidget(self.items_title)
        layout.addWidget(self.items_view, 1)
        self._read_people()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # a narrow panel (a small screen, issue 17): the customer column gives way so that the
        # "资料 / 环节" column keeps its header (names elide; the full row is in the tooltip)
        share = self.items_view.viewport().width() // 4
        self.items_view.setColumnWidth(ReminderItemsModel.CUSTOMER, max(48, min(self._customer_width, share)))

    def _read_people(self) -> None:
        """Read who is who (login name → display name) on a reader thread."""
        if self._load_people is not None:
            self._runner.read(self._load_people, context=self, on_done=self._on_people, on_error=lambda _e: None)

    def _on_people(self, users: Sequence[UserInfo]) -> None:
        self.items_model.set_names({u.username: u.display_name or u.username for u in users})

    def refresh(self) -> None:
        self._request += 1
        request = self._request
        self._runner.read(
            self._load,
            context=self,
            on_done=lambda r: self._on_loaded(request, r),
            on_error=lambda exc: self._on_failed(request, exc),
        )

    def _on_runner_archive_changed(self, changes, _initiator: object) -> None:
        if changes.users:
            self._read_people()
        if changes.reminders:
            self.refresh()

    def _on_loaded(self, request: int, reminders: Reminders) -> None:
        if request != self._request:
            return
        self.reminders = reminders
        for category, button in self.buttons.items():
            button.set_count(reminders.counts.get(category.value, 0))
        if reminders.escalated:
            self.escalated_label.setText(
                self.tr("%n escalated: required pages more than 48 hours late", "", reminders.escalated)
            )
            self.escalated_label.setStyleSheet(f"color: {RED_TEXT.name()}; font-weight: bold;")
        else:
            self.escalated_label.setText(self.tr("Nothing escalated"))
            self.escalated_label.setStyleSheet(f"color: {GREY_TEXT.name()};")
        if self.category is not None:
            self.show_category(self.category)
        self.reminders_loaded.emit(reminders)

    def _on_failed(self, request: int, exc: BaseException) -> None:
        if request == self._request:
            self.escalated_label.setText(self.tr("Could not load the reminders: {error}").format(error=error_text(exc)))
            self.escalated_label.setStyleSheet(f"color: {RED_TEXT.name()};")

    def show_category(self, category: Reminder) -> None:
        """List the items behind a category."""
        self.category = Reminder(category)
        self.buttons[self.category].setChecked(True)
        if self.reminders is None:
            return
        items = self.reminders.items.get(self.category.value, ())
        count = self.reminders.counts.get(self.category.value, 0)
        name = reminder_label(self.category)
        if count == 0:
            text = self.tr("{category}: nothing to do").format(category=name)
        elif len(items) < count:
            text = self.tr("{category}: the first {shown} of {count}").format(
                category=name, shown=len(items), count=count
            )
        else:
            text = self.tr("{category}: {count}").format(category=name, count=count)
        self.items_title.setText(text)
        self.items_model.set_items(items)

    def _on_items_view_activated(self, index: QModelIndex) -> None:
        item = self.items_model.item_at(index.row())
        self.work_order_activated.emit(item.work_order_id, item.work_order_no)
