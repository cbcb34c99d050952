"""Interface languages: gettext catalogues, language negotiation, labels and number/date formatting."""
