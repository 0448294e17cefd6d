"""Views of the rapportage app, one module per page or topic (dashboard.py: the dashboard)."""
