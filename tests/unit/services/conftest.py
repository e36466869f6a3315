"""The annotation service on a library holding the steel-talks story (steel_article)."""

from __future__ import annotations

import pytest

from reader.core.model import ArticleDraft
from reader.services.annotations import AnnotationService
from reader.services.library import Library
from tests.unit.services.steel_article import TEXT, URL


@pytest.fixture
def service(library: Library) -> AnnotationService:
    return AnnotationService(library)


@pytest.fixture
def article_id(library: Library) -> int:
    article_id, _ = library.articles.add(ArticleDraft("Steel talks", TEXT, source_url=URL))
    return article_id
