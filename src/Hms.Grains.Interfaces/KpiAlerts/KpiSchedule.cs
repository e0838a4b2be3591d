using System.Collections.Immutable;

namespace Hms.KpiAlerts;

public enum ScheduleFrequency
{
    HOURLY,
    DAILY,
    WEEKLY,
    MONTHLY,
}

/// <summary>
/// When a scheduled KPI report goes out, in the alert's IANA zone:
/// HOURLY at <see cref="Minute"/>; DAILY at <see cref="Hour"/>:<see cref="Minute"/> on <see cref="Weekdays"/>
/// (none: every day); WEEKLY on <see cref="Weekdays"/>; MONTHLY on <see cref="DaysOfMonth"/> (31: the
/// month's last day in shorter months).
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.KpiSchedule")]
public sealed record class KpiSchedule(
    [property: Id(0)] ScheduleFrequency Frequency,
    [property: Id(1)] int Hour,
    [property: Id(2)] int Minute,
    [property: Id(3)] ImmutableArray<DayOfWeek> Weekdays,
    [property: Id(4)] ImmutableArray<int> DaysOfMonth,
    [property: Id(5)] string TimeZone);
