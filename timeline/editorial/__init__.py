"""editorial."""
