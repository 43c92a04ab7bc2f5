-- The audit log: record changes and account events. Append-only.

CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY,
    occurred_at timestamp with time zone NOT NULL,
    -- no foreign key to users: audit rows must survive the accounts they mention
    user_id bigint,
    user_name character varying(64),
    ip_address character varying(64),
    action character varying(32) NOT NULL,
    entity_type character varying(64),
    entity_id character varying(64),
    changes jsonb,
    detail character varying(500),
    CONSTRAINT pk_audit_log PRIMARY KEY (id)
);

CREATE INDEX ix_audit_log_occurred_at_id ON audit_log (occurred_at DESC, id DESC);
CREATE INDEX ix_audit_log_entity_type_entity_id ON audit_log (entity_type, entity_id);
CREATE INDEX ix_audit_log_user_id ON audit_log (user_id);

-- The application may connect as the table's owner, whom privileges do not bind, so triggers are
-- the real guard. (Only a superuser or the owner disabling the triggers gets past them, and that
-- is itself a visible DDL change.)
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit rows are never changed or removed; record a correction as a new row.';
END;
$$;

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
