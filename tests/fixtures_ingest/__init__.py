"""Builders of tiny ingest fixtures (documents and event folders) in a temporary folder."""
