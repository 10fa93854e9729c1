"""The shipped scenarios (TOML): `landsea scenario list`."""
