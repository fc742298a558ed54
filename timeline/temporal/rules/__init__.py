"""temporal/rules."""
