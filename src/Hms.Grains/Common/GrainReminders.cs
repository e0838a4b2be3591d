namespace Hms.Common;

public static class GrainReminders
{
    /// <summary>Unregisters the grain's reminder of that name, if it has one.</summary>
    public static async Task UnregisterReminderIfAny(this Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
