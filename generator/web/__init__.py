"""The reporting portal (``vanban web``): a thin layer over ``vanban.api`` (routes, templates,
sessions, the database). ``vanban.web.app.tao_app`` makes the ASGI application."""
