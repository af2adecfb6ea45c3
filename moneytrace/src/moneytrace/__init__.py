"""moneytrace: trace victims' money through accounts, exactly."""

__version__ = "0.1.0"
