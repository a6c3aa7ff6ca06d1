"""The page `mkdocs serve` shows instead of the site while the last save fails: every problem at once."""

from __future__ import annotations

from jinja2 import Environment

from ..core import messages as msg
from ..core.problems import Problem, sort_problems

_ENV = Environment(autoescape=True)
_PAGE = _ENV.from_string("""<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font: 18px/1.7 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: #1a1a1a; }
h1 { font-size: 1.6rem; color: #a4000f; }
ol { padding-left: 1.5rem; }
li { margin: .6rem 0; }
code { font: 0.95em ui-monospace, monospace; background: #f3f3f3; padding: 0 .2em; word-break: break-all; }
.warning { color: #6b4e00; }
pre { white-space: pre-wrap; background: #f3f3f3; padding: 1rem; }
</style>
</head>
<body>
<main data-pufa-preview-problems>
<h1>{{ title }}</h1>
<p>{{ intro }}</p>
{% if problems %}
<ol>
{% for p in problems %}
<li data-pufa-problem class="{{ 'error' if p.is_error else 'warning' }}"><code>{{ p.path }}:{{ p.line }}</code>
<code>{{ p.field }}</code>：{% if not p.is_error %}（警告）{% endif %}{{ p.message }}</li>
{% endfor %}
</ol>
{% else %}
<pre data-pufa-build-error>{{ error }}</pre>
{% endif %}
<p>{{ recovers }}</p>
</main>
</body>
</html>
""")


def render_problems_page(problems: tuple[Problem, ...], error: str) -> str:
    """Every problem of the failed build (file:line: field: message); the error's text if there is none."""
    ordered = sort_problems(problems)
    errors = sum(p.is_error for p in ordered)
    if errors:
        title, intro = msg.PREVIEW_PROBLEMS_TITLE, msg.preview_problems_intro(errors, len(ordered) - errors)
    else:
        ordered, title, intro = [], msg.PREVIEW_ERROR_TITLE, msg.preview_error_intro()
    return _PAGE.render(title=title, intro=intro, problems=ordered, error=error, recovers=msg.PREVIEW_RECOVERS)
