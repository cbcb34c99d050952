"""Gap summaries for departments and agencies as plain data, their figures and diffs."""
