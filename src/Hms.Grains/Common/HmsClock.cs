namespace Hms.Common;

/// <summary>
/// The clock of the hospital's rules: a keyed <see cref="TimeProvider"/>, so tests can drive the rules
/// (and Orleans reminders, keyed "Orleans.Reminders") with a fake clock without moving Orleans' own.
/// </summary>
public static class HmsClock
{
    public const string Key = "Hms";
}
