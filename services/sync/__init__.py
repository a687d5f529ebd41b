"""Cloud sync (issue #15): the remotes a backup repository can live on (remotes/)."""
