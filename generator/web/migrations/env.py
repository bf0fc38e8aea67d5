"""Alembic environment: run on the connection the portal hands over (``vanban.web.db.nang_cap``)."""

from alembic import context

from vanban.web.db import Base

connection = context.config.attributes.get("connection")
if connection is None:  # offline use (alembic revision --autogenerate from a shell) is not supported
    raise RuntimeError("vanban.web.migrations: chạy qua vanban.web.db.nang_cap")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
