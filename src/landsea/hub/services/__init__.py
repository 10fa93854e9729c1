"""The hub's logic: functions of a session and a principal. Routes call these; no SQL in routes."""
