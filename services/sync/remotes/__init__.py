"""Where a synced repository lives: a folder (`FolderBackend`), S3 (`S3Remote`)."""
