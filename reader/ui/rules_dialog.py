"""Entities › Rules: the user's "apply to all articles" corrections, listed and deletable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.nlp.labels import info
from reader.services.entities import EntityService
from reader.store.entities import StoredRule
from reader.ui.formatting import local_datetime


class RulesDialog(QDialog):
    def __init__(
        self,
        service: EntityService,
        delete_rule: Callable[[StoredRule], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rulesDialog")
        self.setWindowTitle("Entity Rules")
        self.resize(560, 380)
        self._service = service
        self._delete_rule = delete_rule
        self._rules: list[StoredRule] = []

        intro = QLabel(
            "Corrections you applied to all articles. They run after the model in every "
            "article, existing and future. Deleting one can be undone with Ctrl+Z."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("rulesTable")
        self.table.setHorizontalHeaderLabels(["Text", "Is", "Added"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("No rules yet. Right-click an entity in an article to add one.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.delete_button = QPushButton("Delete Rule")
        self.delete_button.setObjectName("deleteRule")
        self.delete_button.clicked.connect(self._delete_selected)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self._delete_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        self._rules = self._service.store.rules()
        self.table.setRowCount(len(self._rules))
        for row, rule in enumerate(self._rules):
            kind = (
                f"{info(rule.label).name} ({info(rule.label).detail})"
                if rule.label
                else "Never an entity"
            )
            for column, value in enumerate((rule.text, kind, local_datetime(rule.created))):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.empty.setVisible(not self._rules)
        self.delete_button.setEnabled(bool(self._rules))

    def _delete_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        for row in reversed(rows):
            self._delete_rule(self._rules[row])
        self.reload()
