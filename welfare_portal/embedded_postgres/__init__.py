"""A Django database backend for the embedded PostgreSQL server.

It is the ordinary PostgreSQL backend, except that the first connection starts the server from the
`pgserver` wheel (data under the project's `.pgdata/` folder) and creates the database if it is missing.
Nothing starts unless something actually connects, so `manage.py check` or `makemigrations` stay cheap.
"""
