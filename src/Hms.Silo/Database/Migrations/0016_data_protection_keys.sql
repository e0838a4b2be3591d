-- The ASP.NET Core Data Protection key ring every silo shares (src/Hms.Silo/Secrets/PostgresKeyRepository.cs):
-- the keys that seal third-party tokens in grain state. Each row is one key's XML, as Data Protection writes it
-- (encrypted with the operator's certificate when DataProtection__CertificatePath is set).
CREATE TABLE data_protection_keys (
    name       text        PRIMARY KEY,
    xml        text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
