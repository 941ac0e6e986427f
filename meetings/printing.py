"""Absolute links for printed pages.

On paper a link is only its address, which the print stylesheet writes after the
link text (``a[href]::after { content: " (" attr(href) ")" }``). ``attr()`` gives
the attribute as written, so a relative ``/da/...`` would print as a useless
fragment: the printable view rewrites every link against the address the reader
used. BeautifulSoup does the parsing because links come from rich text, blocks and
includes alike, where a template tag cannot reach them all.
"""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup


def absolute_links(html: str, base_url: str) -> str:
    """``html`` with every ``<a href>`` resolved against ``base_url`` (the page's own URL)."""
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.find_all("a", href=True):
        link["href"] = urljoin(base_url, link["href"].strip())
    return str(soup)
