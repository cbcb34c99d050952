"""The gap analyser: barrier needs, findings and their severity, coverage, overlaps, pipelines, grid holes."""
