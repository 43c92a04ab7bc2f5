-- Idempotency keys of API calls that create something (ADR-028): per client, the key, a hash of the request it came
-- with and the response that was sent, so a retried call gets the same answer and creates nothing twice.

CREATE TABLE api_idempotency_keys (
    client_id bigint NOT NULL,
    key character varying(100) NOT NULL,
    request_hash bytea NOT NULL,
    status_code integer NOT NULL,
    location character varying(200),
    response_body text NOT NULL,
    problem_id bigint,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_api_idempotency_keys PRIMARY KEY (client_id, key),
    CONSTRAINT fk_api_idempotency_keys_api_clients_client_id FOREIGN KEY (client_id) REFERENCES api_clients (id) ON DELETE CASCADE,
    CONSTRAINT fk_api_idempotency_keys_problems_problem_id FOREIGN KEY (problem_id) REFERENCES problems (id) ON DELETE CASCADE
);

CREATE INDEX ix_api_idempotency_keys_problem_id ON api_idempotency_keys (problem_id);
