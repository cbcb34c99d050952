"""The front page and the language switcher."""
