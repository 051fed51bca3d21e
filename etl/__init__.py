"""newsetl: Chinese local-government news into a PostgreSQL warehouse."""
