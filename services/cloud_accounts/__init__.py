"""Cloud accounts for sync (issue #15): where their secrets live (`secret_store`)."""
