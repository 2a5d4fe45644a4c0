"""The best-practice contest: `portal` (public schema: contests, submissions, reviews) and `drafts`
(each municipality's schema: applications being written)."""
