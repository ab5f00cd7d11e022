-- Pruning the webhook outbox (issue 13): delivered rows are deleted after CU_EXCHANGE_OUTBOX_RETENTION_DAYS, in
-- batches; undelivered rows never. These indexes find the old delivered rows, and the changes no row refers to.
CREATE INDEX exchange_outbox_delivered_idx ON exchange_outbox (delivered_at) WHERE delivered_at IS NOT NULL;
CREATE INDEX exchange_outbox_change_idx ON exchange_outbox (change_id);
CREATE INDEX exchange_change_fanned_out_idx ON exchange_change (fanned_out_at) WHERE fanned_out_at IS NOT NULL;
