using System.Collections.Immutable;
using Hms.Common;

namespace Hms.Silo.Deadlines;

/// <summary>
/// Deadlines that came due while no silo could handle them are handled as soon as one can — not a whole
/// reminder period later. Orleans ticks a reminder whose instant passed while nobody owned it only at its
/// next <c>StartAt + k · period</c> (src/Hms.Grains/Deadlines/DeadlineGrain.cs arms each deadline with the
/// period <c>Deadlines:RetryPeriod</c>, one minute), and a starting silo's reminder service first reads its
/// range after a random delay of up to 30 s. So when this silo becomes active, and whenever a silo leaves the
/// cluster (its reminders move to others), the oldest active silo reads the reminders whose instant has passed
/// and delivers one tick to each grain itself. A tick changes nothing unless the grain's state says something
/// is due, so the reminder service's own later tick, or another silo's catch-up, finds nothing to do.
/// <para>The whole-ring read returns only the rows due within the database's due window, which include every row
/// whose instant has passed (src/Hms.Silo/Database/Migrations/0020_reminder_due_window.sql), so a million deadlines
/// weeks away are not read here either.</para>
/// </summary>
public sealed partial class OverdueReminders(
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    IReminderTable reminders,
    IGrainFactory grains,
    [FromKeyedServices(HmsClock.Key)] TimeProvider clock,
    ILogger<OverdueReminders> logger) : BackgroundService
{
    /// <summary>Grains ticked at once; the rest wait their turn.</summary>
    private const int Parallel = 32;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wasActive = false;
        var gone = ImmutableHashSet<SiloAddress>.Empty;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var members = snapshot.Members.Values;
                var active = members.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToList();
                var nowGone = members.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToImmutableHashSet();
                var isActive = active.Contains(silo.SiloAddress);
                var someoneLeft = !nowGone.IsSubsetOf(gone);
                gone = nowGone;
                if (isActive && (!wasActive || someoneLeft) && Oldest(active) == silo.SiloAddress)
                {
                    await CatchUpAsync(stoppingToken);
                }
                wasActive |= isActive;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The silo that catches up: the same one in every silo's view of the same membership.</summary>
    private static SiloAddress Oldest(List<SiloAddress> active) =>
        active.OrderBy(s => s.Generation).ThenBy(s => s.ToParsableString(), StringComparer.Ordinal).First();

    /// <summary>Ticks every reminder whose instant has passed; a failure is logged and left to the reminder's own next tick.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var overdue = (await reminders.ReadRows(0, 0)).Reminders.Where(r => r.StartAt <= now).ToList();
            await System.Threading.Tasks.Parallel.ForEachAsync(overdue, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken },
                async (reminder, _) =>
                {
                    try
                    {
                        await grains.GetGrain(reminder.GrainId).AsReference<IRemindable>()
                            .ReceiveReminder(reminder.ReminderName, new TickStatus(reminder.StartAt, reminder.Period, now));
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogTickFailed(e, reminder.GrainId, reminder.ReminderName);
                    }
                });
            LogCaughtUp(overdue.Count);
            return overdue.Count;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCatchUpFailed(e);
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Overdue reminders ticked at once: {Count}")]
    private partial void LogCaughtUp(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Overdue reminder {ReminderName} of {GrainId} could not be ticked; its own next tick will retry")]
    private partial void LogTickFailed(Exception exception, GrainId grainId, string reminderName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading overdue reminders failed; they wait for their own next tick")]
    private partial void LogCatchUpFailed(Exception exception);
}
