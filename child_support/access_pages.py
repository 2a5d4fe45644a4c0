"""Who may open each child-support page (the HTML side): filled in by the pages' author; merged into
``child_support.access.RULES``."""

PAGE_RULES: dict = {}
