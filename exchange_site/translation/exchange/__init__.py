"""Exchange with translators' tools: XLIFF 2.1 / 1.2 and PO per page × language, TMX for the memory.

A translator or agency works in a CAT tool (OmegaT, Trados, memoQ, Weblate),
not in the Wagtail admin. ``pages`` turns a page's translation into units
(one per segment, the same segments and ids the review screen uses) and
brings a translated file back through the review screen's own save
(``review.PageReview``), so an import writes the language columns, a
revision, the statuses and the reviewed translation memory exactly as a
reviewer's approval does. ``formats`` reads and writes the files with
translate-toolkit and polib; ``inline`` maps the pipeline's placeholders to
XLIFF/TMX inline codes; ``tmx`` exchanges the translation memory.
"""
