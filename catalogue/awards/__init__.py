"""Funded projects: what the agencies really funded (awards, applications, participations), linked to the
catalogue's instruments and to consortium members by organisation number. See docs/awards.md."""
