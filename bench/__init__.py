"""Build benchmark: synthetic records through the register's real build, against a plain MkDocs baseline."""
