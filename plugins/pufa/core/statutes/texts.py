"""Statute texts: articles with stable anchors (第一千零七十七条 ↔ #art-1077)."""

from __future__ import annotations

import re
from ..content.model import Article, StatuteArticle
from .numerals import CHINESE_NUMBER, chinese_to_int

# an article starts a line: 第十条 text, 第十条之一 text, optionally in bold
ARTICLE_START = re.compile(
    rf"^[ \t\u3000]*(?:\*\*)?第({CHINESE_NUMBER})条(?:之({CHINESE_NUMBER}))?(?:\*\*)?(?=[ \t\u3000]|$)")
HEADING = re.compile(r"^#{1,6}\s")


def find_articles(body: str, first_line: int = 1) -> list[StatuteArticle]:
    """Articles in order of appearance; an article runs until the next article or heading."""
    articles: list[StatuteArticle] = []
    current: tuple[Article, int, list[str]] | None = None

    def close() -> None:
        if current is not None:
            article, line, lines = current
            articles.append(StatuteArticle(article, "\n".join(lines).strip(), line))

    for offset, line in enumerate(body.split("\n")):
        match = ARTICLE_START.match(line)
        if match:
            close()
            number = chinese_to_int(match.group(1)) or 0
            sub = chinese_to_int(match.group(2)) if match.group(2) else 0
            current = (Article(number, sub or 0), first_line + offset, [line.strip()])
        elif HEADING.match(line):
            close()
            current = None
        elif current is not None:
            current[2].append(line.strip())
    close()
    return articles


def article_problems(articles: list[StatuteArticle]) -> list[tuple[int, str, Article]]:
    """(line, code, article) for articles that repeat or go backwards, which anchors cannot express."""
    problems = []
    seen: set[Article] = set()
    previous: Article | None = None
    for item in articles:
        if item.article in seen:
            problems.append((item.line, "duplicate-article", item.article))
        elif previous is not None and item.article < previous:
            problems.append((item.line, "article-order", item.article))
        seen.add(item.article)
        previous = item.article
    return problems


def anchor_articles(body: str) -> str:
    """Markdown with each article's first paragraph given its anchor and its number in bold."""
    out: list[str] = []
    seen: set[str] = set()
    lines = body.split("\n")
    for index, line in enumerate(lines):
        match = ARTICLE_START.match(line)
        if not match:
            out.append(line)
            continue
        number = chinese_to_int(match.group(1)) or 0
        sub = chinese_to_int(match.group(2)) if match.group(2) else 0
        article = Article(number, sub or 0)
        anchor = article.anchor if article.anchor not in seen else f"{article.anchor}-{index}"
        seen.add(anchor)
        label = match.group(0).strip().strip("*")
        rest = line[match.end():].strip()
        out.append(f"**{label}**\u3000{rest}")
        # attr_list: a {: } line right under a paragraph sets that paragraph's id
        out.append(f"{{: #{anchor} .pufa-article }}")
        if index + 1 < len(lines) and lines[index + 1].strip():
            out.append("")
    return "\n".join(out)
