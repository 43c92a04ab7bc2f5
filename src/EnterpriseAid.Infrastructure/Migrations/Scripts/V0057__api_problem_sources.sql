-- Where a problem pushed in through the API came from (ADR-028): the client, the caller's system name, its own
-- reference for the case and the reporter's contact. And the index behind GET /api/v1/problems/changes, which pages
-- through problems by (updated_at, id).

CREATE TABLE api_problem_sources (
    problem_id bigint NOT NULL,
    client_id bigint NOT NULL,
    source_system character varying(60) NOT NULL,
    external_reference character varying(100),
    reporter_contact character varying(100),
    CONSTRAINT pk_api_problem_sources PRIMARY KEY (problem_id),
    CONSTRAINT fk_api_problem_sources_problems_problem_id FOREIGN KEY (problem_id) REFERENCES problems (id) ON DELETE CASCADE,
    CONSTRAINT fk_api_problem_sources_api_clients_client_id FOREIGN KEY (client_id) REFERENCES api_clients (id) ON DELETE RESTRICT
);

CREATE INDEX ix_api_problem_sources_client_id_external_reference ON api_problem_sources (client_id, external_reference);

CREATE INDEX ix_problems_updated_at_id ON problems (updated_at, id);
