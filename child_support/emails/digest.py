"""The daily digest of overdue work (written by the cases helper)."""
