"""The report as one self-contained HTML page (:func:`markdown_to_html`): inline CSS, the
report's own figures embedded as base64 PNG, no raw HTML from the data, no file read that the
report did not write."""
from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..errors import InvalidArgumentError
from ..messages_fr import MESSAGES
from .text import FIGURES_DIR

#: how a figure's caption starts (``Figure 3 : …``): its paragraph gets the caption style
_CAPTION_START = html.escape(MESSAGES["report.figure"].split("{", 1)[0])

CSS = """
@page { size: A4; margin: 18mm 16mm; }
html { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; font-size: 11pt;
       line-height: 1.5; color: #1a1a1a; background: #fff; }
body { max-width: 17cm; margin: 0 auto; padding: 1.5em 1em 3em; }
h1 { font-size: 1.7em; line-height: 1.25; margin: 0 0 .3em; color: #332288; }
h2 { font-size: 1.35em; margin-top: 2em; border-bottom: 2px solid #332288; padding-bottom: .15em;
     page-break-after: avoid; }
h3 { font-size: 1.15em; margin-top: 1.6em; page-break-after: avoid; }
h4 { font-size: 1.02em; margin: 1.4em 0 .4em; page-break-after: avoid; }
p, li { hyphens: auto; }
img { display: block; max-width: 100%; height: auto; margin: 1em auto .2em; }
p.caption { font-size: .9em; color: #444; text-align: center; margin-top: 0; }
blockquote + p { margin: -.5em 0 1.2em; font-size: .9em; color: #444; text-align: right; }
table { border-collapse: collapse; margin: .8em 0 1.2em; font-size: .9em; width: 100%;
        page-break-inside: avoid; }
th, td { border-bottom: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
blockquote { margin: .8em 0 .8em 0; padding: .4em 1em; border-left: 4px solid #88CCEE;
             background: #f7f9fb; page-break-inside: avoid; }
blockquote p { margin: .3em 0; }
code, pre { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .85em; }
td code { word-break: break-all; }
pre { background: #f4f4f4; padding: .6em; white-space: pre-wrap; }
@media print { body { max-width: none; padding: 0; } h2 { page-break-before: auto; } }
"""


_FIGURE_SRC = re.compile(rf"{FIGURES_DIR}/(?P<name>[A-Za-z0-9][A-Za-z0-9_\-]*)\.png")


class _EmbedFigures(Treeprocessor):
    """Embed the report's own figures as base64 data URIs; drop any other image (its alt text
    stays), so that no file named by input text is ever read from disk."""

    def __init__(self, md: markdown.Markdown, folder: Path, allowed: frozenset[str] | None):
        super().__init__(md)
        self.folder = Path(folder)
        self.allowed = allowed

    def _data_uri(self, name: str) -> str:
        path = self.folder / FIGURES_DIR / f"{name}.png"
        if path.is_symlink() or not path.is_file():
            raise InvalidArgumentError(f"report image {path} is missing; write the figures "
                                       "before the HTML")
        return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")

    def run(self, root):  # noqa: D102 - Markdown API
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "img":
                    continue
                match = _FIGURE_SRC.fullmatch(child.get("src", ""))
                if match and (self.allowed is None or match.group("name") in self.allowed):
                    child.set("src", self._data_uri(match.group("name")))
                    continue
                span = ElementTree.Element("span")
                span.text, span.tail = child.get("alt", ""), child.tail
                parent.remove(child)
                parent.insert(index, span)
        return None


class _SafeReport(Extension):
    """No raw HTML from the Markdown source (it is shown as text), images embedded by
    :class:`_EmbedFigures`."""

    def __init__(self, folder: Path, allowed: frozenset[str] | None):
        super().__init__()
        self.folder, self.allowed = folder, allowed

    def extendMarkdown(self, md):  # noqa: N802, D102 - Markdown API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_EmbedFigures(md, self.folder, self.allowed), "embed", 1)


def markdown_to_html(text: str, folder: Path, *, title: str = MESSAGES["report.title"],
                     figures: Iterable[str] | None = None) -> str:
    """One self-contained HTML page of the Markdown ``text``: inline CSS, no link to any other
    file. Each image ``figures/<name>.png`` is read from ``folder`` and embedded as a base64
    data URI when ``name`` is one of ``figures`` (the figures the report wrote; ``None``: any
    such name); any other image (another folder, an absolute path, a name from input text) is
    never read: it is replaced by its alt text. Raw HTML in ``text`` is shown as text, never
    run. Raises ``InvalidArgumentError`` when one of the report's images is missing."""
    allowed = None if figures is None else frozenset(figures)
    body = markdown.markdown(text, extensions=["tables", "fenced_code",
                                               _SafeReport(Path(folder), allowed)],
                             output_format="html")
    body = body.replace(f"<p><em>{_CAPTION_START}", f'<p class="caption"><em>{_CAPTION_START}')
    return ("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f"{body}\n</body>\n</html>\n")


__all__ = ["CSS", "markdown_to_html"]
