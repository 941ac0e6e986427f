"""What the site tells crawlers as a whole: sitemap.xml, robots.txt, the favicon, compression.

Per-page metadata (titles, descriptions, Open Graph, JSON-LD) is the pages'
own business (``exchange_site.core.metadata`` and each page type's
``structured_data``); this package needs the core only.
"""
