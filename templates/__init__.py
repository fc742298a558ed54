"""Shipped Jinja templates and assets (the top-level templates/ folder of the checkout)."""
