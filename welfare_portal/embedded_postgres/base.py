from django.conf import settings
from django.db.backends.postgresql import base

from .server import ensure_running


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params["host"] = ensure_running(settings.EMBEDDED_PGDATA)
        return params

    def get_new_connection(self, conn_params):
        try:
            return super().get_new_connection(conn_params)
        except self.Database.OperationalError as error:
            if "does not exist" not in str(error):
                raise
            self._create_database(conn_params)
            return super().get_new_connection(conn_params)

    def _create_database(self, conn_params):
        # First start on a new machine: the cluster exists but our database does not yet.
        name = conn_params.get("dbname") or conn_params.get("database")
        admin_params = {key: value for key, value in conn_params.items() if key not in ("dbname", "database")}
        admin_params["dbname"] = "postgres"
        connection = self.Database.connect(**admin_params)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()
