-- A judge who judged a challenge through earns for evaluation when it is decided (issue #21).
alter table reputation_ledger drop constraint reputation_ledger_kind_check;
alter table reputation_ledger add constraint reputation_ledger_kind_check check (kind in ('idea_threshold', 'idea_shortlisted',
  'idea_accepted', 'idea_implemented', 'reply_upvoted', 'flag_upheld', 'judging_completed'));
