"""Validation rules that need the law registry (stale citations, misquotes, unknown articles)."""
