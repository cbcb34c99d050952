"""Moving instrument records in and out: import, export and the file formats."""
