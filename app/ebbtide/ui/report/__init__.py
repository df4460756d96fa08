"""A report to bring to a therapist: the composer dialog and the PDF it writes."""
