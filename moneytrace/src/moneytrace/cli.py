"""The moneytrace command line."""


def main() -> int:
    """Entry point of the `moneytrace` command."""
    return 0
