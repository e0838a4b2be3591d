-- Patient-experience cases (issue 6, seed 003) and their audit trail. The case grain is the truth;
-- these rows serve lists, filters and the SLA pass, which finds overdue cases by tenant and dueAt.
CREATE TABLE px_cases (
    id                uuid        PRIMARY KEY,
    tenant_id         text        NOT NULL,
    title             text        NOT NULL,
    description       text,
    patient_id        uuid,
    department        text        NOT NULL,
    assignee_id       text,
    priority          text        NOT NULL,
    status            text        NOT NULL,
    due_at            timestamptz NOT NULL,
    escalation_level  integer     NOT NULL,
    active            boolean     NOT NULL,
    sla_started_at    timestamptz NOT NULL,
    at_risk_percent   integer     NOT NULL,
    at_risk_handled_at timestamptz,
    last_escalated_at timestamptz,
    -- the pending deadlines (null when none): sla-due and sla-at-risk
    sla_due_at        timestamptz,
    at_risk_at        timestamptz,
    created_at        timestamptz NOT NULL,
    created_by        text        NOT NULL,
    updated_at        timestamptz NOT NULL,
    resolved_at       timestamptz,
    closed_at         timestamptz,
    version           bigint      NOT NULL
);
CREATE INDEX ix_px_cases_list ON px_cases (tenant_id, due_at, id);
CREATE INDEX ix_px_cases_status ON px_cases (tenant_id, status, due_at);
-- The SLA pass: the seed's scan (active, OPEN or IN_PROGRESS) by dueAt.
CREATE INDEX ix_px_cases_sla_scan ON px_cases (due_at) WHERE active AND status IN ('OPEN', 'IN_PROGRESS');
CREATE INDEX ix_px_cases_sla_pending ON px_cases (sla_due_at) WHERE sla_due_at IS NOT NULL;

CREATE TABLE px_case_audits (
    id          uuid        PRIMARY KEY,
    case_id     uuid        NOT NULL,
    tenant_id   text        NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    from_status text,
    to_status   text,
    from_level  integer,
    to_level    integer,
    changes     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX ix_px_case_audits_case ON px_case_audits (case_id, created_at);
