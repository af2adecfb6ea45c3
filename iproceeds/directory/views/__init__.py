"""The directory's pages (pages.py), changes (changes.py) and exchange (exchange.py)."""
