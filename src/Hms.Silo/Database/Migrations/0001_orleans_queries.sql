-- The Orleans ADO.NET providers read their SQL from this table at start-up
-- ("SELECT QueryKey, QueryText FROM OrleansQuery"). Unquoted identifiers fold to lower case,
-- and Npgsql matches result columns by name case-insensitively.
CREATE TABLE orleansquery (
    querykey  varchar(64)   NOT NULL PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);
