"""A process that annotates a library as fast as it can and says what it saved.

Run by test_kill_safety.py, which kills it with SIGKILL at a random moment. Before each
change it prints ``begin`` with what it is about to write, and after the commit ``saved``
with the same fields: whatever was reported saved must be in the file after the kill.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from reader.services.annotations import AnnotationService
from reader.services.library import Library


def say(kind: str, **fields: object) -> None:
    sys.stdout.write(json.dumps({"kind": kind, **fields}) + "\n")
    sys.stdout.flush()


def main(db: str, seed: int) -> None:
    rng = random.Random(seed)
    library = Library.open(Path(db))
    service = AnnotationService(library)
    articles = [(a.id, len(a.text)) for a in (library.get(s.id) for s in library.list()) if a]
    say("ready")
    step = 0
    while True:
        step += 1
        article_id, length = rng.choice([(i, n) for i, n in articles if n > 20])
        op = rng.choice(("highlight", "highlight", "note", "tag"))
        if op == "highlight":
            start = rng.randrange(0, length - 10)
            end = start + rng.randint(3, 10)
            color = rng.choice(("yellow", "green", "blue"))
            note = f"note {seed}-{step}"
            tag = f"t{rng.randint(1, 5)}"
            fields = {"article": article_id, "start": start, "end": end, "color": color}
            fields |= {"note": note, "tags": [tag]}
            say("begin", op=op, **fields)
            try:
                highlight = service.add_highlight(
                    article_id, start, end, color=color, note=note, tags=[tag]
                )
            except ValueError:  # only spaces selected: nothing saved, nothing reported
                continue
            say("saved", op=op, id=highlight.id, **fields)
        elif op == "note":
            note = f"article note {seed}-{step}"
            say("begin", op=op, article=article_id, note=note)
            service.set_article_note(article_id, note)
            say("saved", op=op, article=article_id, note=note)
        else:
            tag = f"tag-{seed}-{step}"
            say("begin", op=op, article=article_id, tag=tag)
            service.add_article_tags(article_id, [tag])
            say("saved", op=op, article=article_id, tag=tag)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
