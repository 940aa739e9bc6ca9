"""Django's {# … #} comment is one line only: one spanning lines is printed on the page as it stands."""

import re
from pathlib import Path

import anjian

OPEN_WITHOUT_CLOSE = re.compile(r"\{#(?![^\n]*#\})")


def test_no_template_has_a_comment_spanning_lines():
    root = Path(anjian.__file__).parent
    found = [f"{path.relative_to(root)}:{text[:m.start()].count(chr(10)) + 1}"
             for path in sorted(root.rglob("templates/**/*")) if path.is_file() and path.suffix in (".html", ".txt")
             for text in [path.read_text(encoding="utf-8")] for m in OPEN_WITHOUT_CLOSE.finditer(text)]
    assert found == [], "use {% comment %} for these: " + ", ".join(found)
