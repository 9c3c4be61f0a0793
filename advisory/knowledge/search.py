"""The knowledge bank's full-text search configuration on PostgreSQL (SQLite searches word by word instead)."""

SEARCH_CONFIG = "danish"  # PostgreSQL's Danish stemming and stop words
