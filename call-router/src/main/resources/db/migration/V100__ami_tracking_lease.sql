-- Which node tracks each Asterisk server over AMI (issue 15): exactly one at a time. The holder renews its row
-- about every second; a row whose expires_at has passed (holder dead or frozen) may be taken by another node.
-- epoch grows at every change of holder: a holder only renews the epoch it acquired (fencing).
CREATE TABLE ami_tracking_lease (
    asterisk_id text PRIMARY KEY,
    holder      text        NOT NULL,
    epoch       bigint      NOT NULL,
    acquired_at timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
