"""Hardening that is not tied to one app: login throttling, secret-free error pages."""
