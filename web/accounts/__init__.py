"""Log in and out, the current user and CSRF protection."""
