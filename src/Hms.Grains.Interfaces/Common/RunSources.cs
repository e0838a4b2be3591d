namespace Hms.Common;

/// <summary>Where a job run came from (SPEC §10): its own reminder, a person, an external scheduler, or a cron route.</summary>
public static class RunSources
{
    public const string Reminder = "reminder";
    public const string Manual = "manual";
    public const string External = "external";
    public const string Cron = "cron";
}
