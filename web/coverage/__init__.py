"""Coverage pages: barrier × agency and barrier × type."""
