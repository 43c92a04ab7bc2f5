-- A holiday file between its preview and the administrator's confirmation (see CalendarImportDraft).
-- Scratch rows: written and deleted with plain SQL, never audited; older than a day they are purged.
CREATE TABLE calendar_import_drafts (
    id uuid NOT NULL,
    -- the uploaded file's name; null for pasted text
    file_name character varying(200),
    content text NOT NULL,
    created_by_user_id bigint,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_calendar_import_drafts PRIMARY KEY (id),
    CONSTRAINT ck_calendar_import_drafts_content_length CHECK (length(content) <= 262144)
);

CREATE INDEX ix_calendar_import_drafts_created_at ON calendar_import_drafts (created_at);
