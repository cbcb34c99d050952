"""Readers of published award files: each turns a file into :class:`catalogue.awards.records.AwardRow`s."""
