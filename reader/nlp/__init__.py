"""Named-entity recognition: pure Python, no Qt, no SQL; spaCy is imported lazily.

- `recognizer`: `Recognizer` (loads the model on first use), `ModelUnavailable`.
- `pipeline.postprocess`: everything after the model, re-runnable without it.
- `casing`, `cleanup`, `consistency`, `rules`: the steps of `postprocess`.
- `labels`: readable names and colours per label.
"""
