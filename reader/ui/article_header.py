"""The article's header: section, title, byline/date/site, source link and tags,
and the helpers that put article data into words for it (dates, tooltips).

Everything in an article is untrusted: it is shown as plain text (the link as an escaped
anchor), never as HTML. The header aligns itself with the body's text column.
"""

from __future__ import annotations

import html
import re
from datetime import datetime

from PySide6.QtCore import QEvent, QRectF, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from reader.core.model import Article
from reader.ui.reading_text import MIN_SIDE_PX, default_reading_font

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_published(value: str) -> str:
    """ISO dates as '27 Nov 2026' (with the time when one is given); others unchanged."""
    text = value.strip()
    if not text:
        return ""
    month = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if month and 1 <= int(month[2]) <= 12:
        return f"{_MONTHS[int(month[2]) - 1]} {month[1]}"
    if not re.match(r"\d{4}-?\d{2}-?\d{2}", text):
        return text
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return text
    shown = f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"
    if len(text) > 10 and (parsed.hour or parsed.minute):
        shown += f", {parsed:%H:%M}"
    return shown


def plain_tooltip(text: str) -> str:
    """Tooltips guess whether text is HTML: escape it so that article data never is."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


class _LinkLabel(QLabel):
    """The source link, elided to the width it has; the stored URL is what opens."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url = ""
        self.setObjectName("articleLink")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.linkActivated.connect(self._open)

    def set_url(self, url: str) -> None:
        self.url = url.strip()
        self.setToolTip(plain_tooltip(self.url) if self.url else "")
        self.setVisible(bool(self.url))
        self._render()

    def _render(self) -> None:
        width = max(self.width(), 120)
        shown = self.fontMetrics().elidedText(self.url, Qt.TextElideMode.ElideMiddle, width)
        if QUrl(self.url).scheme().lower() in ("http", "https"):
            href = html.escape(self.url, quote=True)
            colour = self.palette().color(QPalette.ColorRole.Link).name()
            self.setText(f'<a href="{href}" style="color:{colour}">{html.escape(shown)}</a>')
        else:
            self.setText(html.escape(shown))  # not a web link: shown, not clickable

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.url:
            self._render()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.url:
            self._render()  # the link colour is fixed when the rich text is laid out

    def _open(self, _href: str) -> None:
        QDesktopServices.openUrl(QUrl(self.url))


def _plain_label(name: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class _TagChip(QLabel):
    """A tag drawn as a rounded chip from the palette (a style sheet would stop the
    header from following palette changes, such as a switch to a dark theme)."""

    def __init__(self, tag: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagChip")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(tag)
        self.setContentsMargins(8, 1, 8, 1)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.setFont(font)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.setBrush(self.palette().color(QPalette.ColorRole.AlternateBase))
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.end()
        super().paintEvent(event)


class ArticleHeader(QWidget):
    """Section, title, byline/date/site, link and tags, aligned with the text column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleHeader")
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.section = _plain_label("articleSection", self)
        self.section.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.title = _plain_label("articleTitle", self)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = _plain_label("articleMeta", self)
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.link = _LinkLabel(self)
        self.tags = QWidget(self)
        self.tags.setObjectName("articleTags")
        self.tags.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._tags_layout = QHBoxLayout(self.tags)
        self._tags_layout.setContentsMargins(0, 2, 0, 0)
        self._tags_layout.setSpacing(4)
        self.rule = QFrame(self)
        self.rule.setFrameShape(QFrame.Shape.HLine)
        self.rule.setFrameShadow(QFrame.Shadow.Plain)
        self.rule.setForegroundRole(QPalette.ColorRole.Midlight)
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(4)
        for widget in (self.section, self.title, self.meta, self.link, self.tags):
            self._layout.addWidget(widget)
        self._layout.addSpacing(6)
        self._layout.addWidget(self.rule)
        self._column = (MIN_SIDE_PX, 600)
        self.set_fonts(default_reading_font())

    def set_fonts(self, reading: QFont) -> None:
        title = QFont(reading)
        title.setPointSizeF(reading.pointSizeF() * 1.6)
        title.setWeight(QFont.Weight.Bold)
        self.title.setFont(title)
        section = QFont(self.font())
        section.setCapitalization(QFont.Capitalization.SmallCaps)
        section.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        self.section.setFont(section)

    def set_article(self, article: Article) -> None:
        self.section.setText(article.section.strip())
        self.section.setVisible(bool(article.section.strip()))
        self.title.setText(article.title.strip() or "Untitled")
        site = article.site.strip() or QUrl(article.source_url.strip()).host()
        parts = [article.byline.strip(), format_published(article.published), site]
        self.meta.setText("  ·  ".join(p for p in parts if p))
        self.meta.setVisible(any(parts))
        self.meta.setToolTip(plain_tooltip(article.published) if article.published else "")
        self.link.set_url(article.source_url)
        while (item := self._tags_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()
                widget.deleteLater()
        for tag in article.tags:
            self._tags_layout.addWidget(_TagChip(tag, self.tags))
        self._tags_layout.addStretch(1)
        self.tags.setVisible(bool(article.tags))

    def tag_texts(self) -> list[str]:
        items = (self._tags_layout.itemAt(i) for i in range(self._tags_layout.count()))
        return [w.text() for item in items if item and isinstance(w := item.widget(), QLabel)]

    def set_column(self, left: int, width: int) -> None:
        self._column = (left, width)
        self._apply_column()

    def _apply_column(self) -> None:
        left, width = self._column
        right = max(MIN_SIDE_PX, self.width() - left - width)
        self._layout.setContentsMargins(left, 20, right, 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_column()
