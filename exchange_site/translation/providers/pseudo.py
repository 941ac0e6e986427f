"""Offline pseudo-translation: deterministic, visibly marked, no network.

The default for development and tests: it lets every screen and job run
without a provider, and its output is impossible to mistake for a real
translation ("[DE] …").
"""

from __future__ import annotations

from .base import MachineTranslator


class PseudoTranslator(MachineTranslator):
    display_name = "Pseudo-translation (offline)"
    batch_size = 100
    max_chars = 100_000
    external = False
    real_translation = False

    def translate_batch(self, source: str, target: str, texts: list[str]) -> list[str]:
        return [f"[{target.upper()}] {text}" for text in texts]
