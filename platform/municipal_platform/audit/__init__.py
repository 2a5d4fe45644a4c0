"""The platform's audit: database triggers that record every write of the watched tables (bulk and raw SQL
included), the reads of special-category data, and the fingerprints of the field-encryption keys."""
