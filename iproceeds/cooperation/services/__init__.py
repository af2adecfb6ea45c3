"""Every state change of the cooperation app, one module per area."""
