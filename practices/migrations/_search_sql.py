"""The search migrations of practices, projects and calls import their SQL from here;
it now lives in the search app (search/sql.py)."""

from search.sql import create_search_trigger, drop_search_trigger, on_postgresql  # noqa: F401
