using Npgsql;

namespace Hms.Silo.Deadlines;

/// <summary>
/// The reminder service's range reads return only the reminders due within the database's due window
/// (src/Hms.Silo/Database/Migrations/0020_reminder_due_window.sql). A reminder is scheduled in memory once
/// its next tick is within <see cref="ReminderOptions.ReminderLoadingWindow"/> at a refresh, so the due
/// window must cover that loading window and the skew between this silo's clock and the database's; one
/// refresh period more is margin. A silo configured with a larger loading window or refresh period than the
/// database window allows could load some reminders late; it refuses to start instead.
/// </summary>
public static class ReminderDueWindow
{
    /// <summary>The skew between this silo's clock and the database's that the due window must leave room for, at least.</summary>
    public static readonly TimeSpan ClockSkewMargin = TimeSpan.FromSeconds(30);

    /// <summary>The smallest due window that covers <paramref name="options"/>.</summary>
    public static TimeSpan Needed(ReminderOptions options) =>
        options.ReminderLoadingWindow + options.RefreshReminderListPeriod + ClockSkewMargin;

    /// <summary>Reads the due window and throws unless it covers <paramref name="options"/>.</summary>
    public static async Task EnsureCoversAsync(NpgsqlDataSource database, ReminderOptions options, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT due_within FROM hms_reminder_due_window");
        var dueWithin = (TimeSpan)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (dueWithin < Needed(options))
        {
            throw new InvalidOperationException(
                $"The reminder due window ({dueWithin}, table hms_reminder_due_window) is shorter than the reminder loading window " +
                $"({options.ReminderLoadingWindow}) + refresh period ({options.RefreshReminderListPeriod}) + clock skew margin ({ClockSkewMargin}): " +
                "reminders would be loaded late. Lengthen the due window or shorten Cluster:Reminders.");
        }
    }
}
