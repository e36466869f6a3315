"""Reader: read and annotate stored news articles, with named entities highlighted."""

__version__ = "0.1.0"
