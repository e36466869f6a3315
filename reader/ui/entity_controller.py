"""Wires entities between the article view, the entity panel, the analysis queue and the
undo stack: showing marks, tooltips, navigation, correction and rules."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QAction, QPalette, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget

from reader.core.model import Article, EntitySpan
from reader.nlp.labels import LABELS, color, info
from reader.services.analysis import AnalysisQueue
from reader.services.entities import EntityService
from reader.settings import Settings
from reader.store.entities import StoredRule
from reader.ui.article_view import ArticleView
from reader.ui.commands import AddRuleCommand, CorrectEntityCommand, DeleteRuleCommand
from reader.ui.entity_panel import EntityPanel, entity_key
from reader.ui.formatting import plural
from reader.ui.rules_dialog import RulesDialog

CORRECTION_LABELS = list(LABELS)


def _bind(choose: Callable[[str], None], label: str) -> Callable[[], None]:
    return lambda: choose(label)


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Base).lightness() < 128


def _submenu(menu: QMenu, title: str, name: str) -> QMenu:
    submenu = menu.addMenu(title)
    submenu.setObjectName(name)
    return submenu


class EntityController(QObject):
    filterRequested = Signal(str)  # show the library's articles mentioning this text
    message = Signal(str, int)  # status-bar message, timeout ms
    # The open article's entities or corrections may have changed (shown, corrected,
    # analysed, its text edited or undone): its id, None when no article is open.
    articleEntitiesChanged = Signal(object)

    def __init__(
        self,
        service: EntityService,
        queue: AnalysisQueue,
        view: ArticleView,
        panel: EntityPanel,
        undo_stack: QUndoStack,
        settings: Settings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.queue = queue
        self.view = view
        self.panel = panel
        self.undo_stack = undo_stack
        self.settings = settings
        self.article: Article | None = None
        self.spans: list[EntitySpan] = []
        self._rules_dialog: RulesDialog | None = None

        self._apply_theme(is_dark(view))
        view.themeChanged.connect(self._apply_theme)
        panel.set_hidden_labels(settings.hidden_entity_labels)
        view.set_visible_labels(panel.visible_labels())
        view.set_entities_visible(settings.entities_visible)
        view.entity_tooltip = self.tooltip

        panel.visibleLabelsChanged.connect(self._on_visible_labels)
        panel.entityActivated.connect(self.select_first_mention)
        panel.navigateRequested.connect(self.navigate)
        panel.filterRequested.connect(self.filterRequested)

        queue.articleAnalysed.connect(self._on_analysed)
        queue.rulesApplied.connect(lambda: self.message.emit("Rules applied to all articles", 4000))
        queue.unavailable.connect(self._on_unavailable)
        if settings.analysis_paused:
            queue.set_paused(True)

    def _apply_theme(self, dark: bool) -> None:
        """Entity colours for a light or dark page (displaCy's, or their dark variants)."""
        self.panel.set_dark(dark)
        self.view.set_entity_colours({label: color(label, dark) for label in LABELS})

    def set_hidden_labels(self, hidden: set[str]) -> None:
        """Entity types not to mark (Preferences and the panel's legend agree)."""
        self.panel.set_hidden_labels(hidden)
        self._on_visible_labels(self.panel.visible_labels())

    # --- showing -------------------------------------------------------------------------

    def show_article(self, article: Article | None) -> list[EntitySpan]:
        """Spans to show with `article`; queues it first for analysis when it needs it."""
        self.article = article
        if article is None:
            self.spans = []
            self.panel.show_message("")
            self.panel.set_entities([])
            self.articleEntitiesChanged.emit(None)
            return []
        # Spans found in an earlier version of the text would mark the wrong words.
        stale = self.service.store.is_stale(article.id)
        self.spans = [] if stale else self.service.spans(article.id)
        if self.queue.error is None:
            # The worker skips it when its spans are current. Deciding that here would need
            # the model's version, which can mean loading the model on the UI thread.
            self.queue.prioritize(article.id)
        self._show_status()
        self.panel.set_entities(self.spans)
        self.articleEntitiesChanged.emit(article.id)
        return self.spans

    def _show_status(self) -> None:
        """The panel's note on the open article's analysis (none once it is analysed)."""
        if self.article is None:
            self.panel.show_message("")
        elif self.queue.error:
            self.panel.show_message(self.queue.error)
        elif self.service.store.is_analysed(self.article.id):
            self.panel.show_message("")  # shown as stored; a newer model redoes it quietly
        elif self.queue.paused:
            self.panel.show_message("Analysis paused (Entities › Pause Analysis).")
        else:
            self.panel.show_message("Finding entities…")

    def reload(self, article_id: int | None = None) -> None:
        """Entities of the open article changed (a correction, a rule, an analysis)."""
        if self.article is None or (article_id is not None and article_id != self.article.id):
            return
        self.spans = self.service.spans(self.article.id)
        self.view.set_entities(self.spans)
        self.panel.set_entities(self.spans)
        self.articleEntitiesChanged.emit(self.article.id)

    def _on_analysed(self, article_id: int) -> None:
        if self.article is not None and article_id == self.article.id:
            self.panel.show_message("")
            self.reload(article_id)

    def _on_unavailable(self, reason: str) -> None:
        self.panel.show_message(reason)
        self.message.emit(reason, 0)

    def _on_visible_labels(self, labels: set[str]) -> None:
        self.view.set_visible_labels(labels)
        self.settings.hidden_entity_labels = self.panel.hidden_labels()

    def set_marks_visible(self, visible: bool) -> None:
        self.view.set_entities_visible(visible)
        self.settings.entities_visible = visible

    def set_paused(self, paused: bool) -> None:
        self.queue.set_paused(paused)
        self.settings.analysis_paused = paused
        self.message.emit("Entity analysis paused" if paused else "Entity analysis resumed", 3000)
        self._show_status()

    def reanalyse(self) -> None:
        """Run the model again on the open article (keeps the user's corrections)."""
        if self.article is None:
            return
        if self.queue.error:  # nothing would run it: keep the spans it has
            self._show_status()
            return
        self.service.store.forget_run(self.article.id)
        self.queue.prioritize(self.article.id)
        self._show_status()

    def tooltip(self, span: EntitySpan) -> str:
        details = info(span.label)
        key = entity_key(span)
        here = sum(1 for s in self.spans if entity_key(s) == key)
        articles, _mentions = self.service.store.library_mentions(span.text)
        source = {"user": " · your correction", "rule": " · your rule"}.get(str(span.source), "")
        kind = (
            details.name if details.detail == details.name else f"{details.name} — {details.detail}"
        )
        return (
            f"{span.text}\n{kind}{source}\n"
            f"{plural(here, 'mention')} in this article · in {plural(articles, 'article')}"
            " of the library"
        )

    # --- navigation ----------------------------------------------------------------------

    def mentions(self, text: str, label: str) -> list[EntitySpan]:
        key = (" ".join(text.split()).casefold(), label)
        return [s for s in self.spans if entity_key(s) == key]

    def select_first_mention(self, text: str, label: str) -> None:
        found = self.mentions(text, label)
        if found:
            self.view.select_range(found[0].start, found[0].end)

    def _chosen(self) -> tuple[str, str] | None:
        """The entity chosen in the panel, else the one where the selection starts."""
        chosen = self.panel.current_entity()
        selection = self.view.selected_range()
        if chosen is None and selection is not None:
            span = self.view.entity_at(selection[0])
            chosen = (span.text, span.label) if span else None
        return chosen

    def filter_by_chosen(self) -> None:
        """List the library's articles mentioning the chosen entity (Entities menu)."""
        chosen = self._chosen()
        if chosen is not None:
            self.filterRequested.emit(chosen[0])

    def navigate(self, step: int) -> None:
        """F3 / Shift+F3: the next or previous mention of the entity chosen in the panel
        (or of the entity under the cursor)."""
        chosen = self._chosen()
        selection = self.view.selected_range()
        if chosen is None:
            self.message.emit("Choose an entity in the panel first", 3000)
            return
        found = self.mentions(*chosen)
        if not found:
            return
        anchor = selection[0] if selection else -1
        if step > 0:
            following = [s for s in found if s.start > anchor]
            target = following[0] if following else found[0]
        else:
            before = [s for s in found if s.start < anchor] if anchor >= 0 else []
            target = before[-1] if before else found[-1]
        self.view.select_range(target.start, target.end)
        position = found.index(target) + 1
        self.message.emit(f"{target.text}: mention {position} of {len(found)}", 3000)

    # --- correction ----------------------------------------------------------------------

    def correct(self, start: int, end: int, label: str) -> None:
        if self.article is None or start >= end:
            return
        text = self.article.text[start:end]
        self.undo_stack.push(
            CorrectEntityCommand(
                self.service, self.article.id, start, end, label, text, self._changed
            )
        )

    def add_rule(self, text: str, label: str) -> None:
        text = " ".join(text.split())
        if text:
            self.undo_stack.push(AddRuleCommand(self.service, text, label, self._changed))

    def delete_rule(self, rule: StoredRule) -> None:
        self.undo_stack.push(DeleteRuleCommand(self.service, rule, self._changed))

    def _changed(self, article_id: int | None) -> None:
        if article_id is None:  # a rule: this article at once, the others in the background
            if self.article is not None:
                self.service.recompute(self.article.id)
            self.queue.reapply_rules()
            if self._rules_dialog is not None:
                self._rules_dialog.reload()
        self.reload(article_id)

    def show_rules(self, parent: QWidget) -> None:
        if self._rules_dialog is None:
            self._rules_dialog = RulesDialog(self.service, self.delete_rule, parent)
        self._rules_dialog.reload()
        self._rules_dialog.show()
        self._rules_dialog.raise_()

    def build_menu(self, menu: QMenu, offset: int) -> None:
        """Entity entries of the article's context menu, for the span at `offset` or the
        current selection. Submenus and actions have object names (changeType,
        removeEntity, allArticles, alwaysMarkAs, neverEntity, markAsEntity,
        articlesMentioning; label_<LABEL> inside the submenus)."""
        selection = self.view.selected_range()
        span = self.view.entity_at(offset) if offset >= 0 else None
        if selection is not None and (span is None or not (span.start <= selection[0] < span.end)):
            start, end = selection
            text = self.article.text[start:end] if self.article else ""
            if text.strip() and len(text) <= 200:
                self._label_menu(
                    _submenu(menu, "Mark as Entity", "markAsEntity"),
                    lambda lb: self.correct(start, end, lb),
                )
                self._label_menu(
                    _submenu(menu, "Always Mark as (All Articles)", "alwaysMarkAs"),
                    lambda lb: self.add_rule(text, lb),
                )
            return
        if span is None:
            return
        shown = span.text if len(span.text) <= 40 else span.text[:39] + "…"
        change = _submenu(menu, f"Change Type of “{shown}”", "changeType")
        self._label_menu(change, lambda lb: self.correct(span.start, span.end, lb), span.label)
        menu.addAction(
            "Not an Entity", lambda: self.correct(span.start, span.end, "")
        ).setObjectName("removeEntity")
        everywhere = _submenu(menu, "In All Articles", "allArticles")
        self._label_menu(
            _submenu(everywhere, f"Always Mark “{shown}” as", "alwaysMarkAs"),
            lambda lb: self.add_rule(span.text, lb),
            span.label,
        )
        everywhere.addAction(
            f"Never Mark “{shown}”", lambda: self.add_rule(span.text, "")
        ).setObjectName("neverEntity")
        menu.addSeparator()
        menu.addAction(
            f"Articles Mentioning “{shown}”", lambda: self.filterRequested.emit(span.text)
        ).setObjectName("articlesMentioning")

    def _label_menu(
        self, menu: QMenu, choose: Callable[[str], None], current: str | None = None
    ) -> None:
        for label in CORRECTION_LABELS:
            details = info(label)
            action: QAction = menu.addAction(f"{details.name}: {details.detail}")
            action.triggered.connect(_bind(choose, label))
            action.setObjectName(f"label_{label}")
            if label == current:
                action.setCheckable(True)
                action.setChecked(True)
                action.setEnabled(False)

    def show_context_menu(self, global_pos: QPoint, offset: int) -> None:
        menu = QMenu(self.view)
        copy = menu.addAction("Copy", self.view.copy_selection)
        copy.setEnabled(self.view.selected_range() is not None)
        menu.addSeparator()
        self.build_menu(menu, offset)
        menu.popup(global_pos)
