"""A bare Wagtail page type, installed only by ``benchmarks/settings.py``.

It is the baseline of ``benchmarks/reader_pages.py``: a plain ``Page`` with
one rich-text body, none of our own fields, fallbacks or relations, rendered
in the same site chrome as every other page.
"""
