-- Every version of the alliance (communities, controls, assessments) as JSON; the highest wins.
-- Written in the same transaction as the audit entry that records the change.
CREATE TABLE alliance_version (
    version     BIGINT       NOT NULL PRIMARY KEY,
    document    TEXT         NOT NULL,
    changed_at  TIMESTAMP    NOT NULL,
    changed_by  VARCHAR(200) NOT NULL,
    reason      TEXT         NOT NULL
);

-- Which demo report (R1..R8) became which stored report, so that loading the demo is idempotent.
CREATE TABLE demo_report (
    demo_key   VARCHAR(16) NOT NULL PRIMARY KEY,
    report_id  VARCHAR(16) NOT NULL
);
