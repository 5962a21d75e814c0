-- V78 (facilitation) and V80 (stages reached, incorporated replies) each re-created the check on
-- the ledger's kinds with the list known to it; this one lists every kind ReputationKind names.
alter table reputation_ledger drop constraint reputation_ledger_kind_check;
alter table reputation_ledger add constraint reputation_ledger_kind_check check (kind in ('idea_threshold',
  'idea_stage_reached', 'idea_shortlisted', 'idea_accepted', 'idea_implemented', 'reply_upvoted', 'reply_incorporated',
  'flag_upheld', 'judging_completed', 'facilitation'));
