"""State changes of the accounts app, one module per concern (sign-in, MFA, profile, administration)."""
