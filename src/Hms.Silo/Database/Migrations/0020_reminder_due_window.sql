-- A silo's periodic reminder read returns the reminders due soon, not every pending one (issue 17, goal 3).
--
-- Each silo's reminder service rereads the rows of its hash range every refresh period (ReminderOptions,
-- five minutes by default) and keeps in memory only those whose next tick falls within its loading window
-- (ten minutes by default). Reading every row made idle cost grow with the number of pending deadlines
-- (one row per appointment, SLA case, alert or booking, most of them days or weeks away). Now the range
-- reads return only rows whose StartTime is at most the due window ahead of the database clock.
--
-- The invariant: a range read returns every row whose next tick is within the due window, and every row
-- whose StartTime has passed (whatever its period), so
--   * every row the reminder service would schedule is returned: the next tick of a row is its StartTime
--     while that is ahead (so a far row is left out until its StartTime comes within the window, and then
--     returned at every refresh until it is removed), and at most one period ahead once StartTime has
--     passed (such rows are always returned, so long periods need no rule of their own);
--   * a row left out is treated by the reminder service exactly as a row returned outside its loading
--     window: it is not scheduled, and a local copy of it (a registration or change made on this silo
--     with a far due time) is dropped at that refresh unless it is newer than the read;
--   * src/Hms.Silo/Deadlines/OverdueReminders.cs still sees every row whose StartTime has passed.
-- It holds while the due window exceeds the loading window by more than the skew between the silos'
-- clocks and the database clock (StartTime is written from a silo's clock; the window is measured from
-- now() here). The silo refuses to start unless the due window is at least loading window + refresh
-- period + 30 s (src/Hms.Silo/Deadlines/ReminderDueWindow.cs); the default of one hour leaves 45 minutes
-- of that margin with the default ReminderOptions. (Refreshes that fail are the loading window's concern:
-- a row is returned at every refresh once near, so a late refresh still finds it.)
--
-- The window is a setting, changed with UPDATE hms_reminder_due_window SET due_within = '...'; it takes
-- effect at the next refresh (silos check it against their options only when they start).
CREATE TABLE hms_reminder_due_window (
    single     boolean  PRIMARY KEY DEFAULT true CHECK (single),
    due_within interval NOT NULL CHECK (due_within > interval '0')
);

INSERT INTO hms_reminder_due_window (due_within) VALUES (interval '1 hour');

-- STABLE, so the planner folds it while estimating (the index is chosen over a scan of the range) and
-- the executor evaluates it once per read.
CREATE FUNCTION hms_reminder_due_horizon() RETURNS timestamptz
LANGUAGE sql STABLE AS $f$
    SELECT now() + (SELECT due_within FROM hms_reminder_due_window)
$f$;

-- Serves the range reads from the near end of time: the scan stops at the horizon, and the hash range
-- is checked in the index before any row is fetched. It replaces the hash index, whose only readers
-- were these reads.
CREATE INDEX ix_orleansreminders_due ON orleansremindersv2table (serviceid, starttime, grainhash);
DROP INDEX ix_orleansreminders_hash;

UPDATE orleansquery SET querytext = $q$
SELECT grainid, remindername, starttime, period, version
  FROM orleansremindersv2table
 WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash
   AND starttime <= hms_reminder_due_horizon()
$q$ WHERE querykey = 'ReadRangeRows1Key';

UPDATE orleansquery SET querytext = $q$
SELECT grainid, remindername, starttime, period, version
  FROM orleansremindersv2table
 WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash)
   AND starttime <= hms_reminder_due_horizon()
$q$ WHERE querykey = 'ReadRangeRows2Key';
