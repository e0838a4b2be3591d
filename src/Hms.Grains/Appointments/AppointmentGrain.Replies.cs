using System.Globalization;
using Hms.Common;

namespace Hms.Appointments;

/// <summary>
/// The patient answers a reminder, by its link or by SMS (src/Hms.Grains/Appointments/ReminderReplyGrain.cs
/// checked the credential): confirm, or cancel with the slot released as any cancellation releases it. A link
/// works once and only for the slot it was sent for.
/// </summary>
public sealed partial class AppointmentGrain
{
    public async Task<ReminderReply> AnswerReminder(ReminderAction action, ReplyChannel via, DateTimeOffset? linkExpiresAt, bool apply)
    {
        var current = State.Appointment ?? throw Errors.NotFound("appointment_not_found", "No such appointment.");
        var when = When(current);
        var link = linkExpiresAt is { } expiry ? LinkKey(action, expiry) : null;
        if (link is not null && !State.LinksUsed.IsDefault && State.LinksUsed.Contains(link))
        {
            throw Errors.Gone("link_used", $"This link was already used. Your appointment {when} is {Said(current.Status)}.");
        }
        if (linkExpiresAt is { } linkExpiry && linkExpiry != current.SlotStartsAt)
        {
            throw Errors.Gone("link_outdated", $"Your appointment has moved since this link was sent; it is now {when}. Use the link in the latest reminder.");
        }
        if (!NoShowRules.StillAwaited(current.Status))
        {
            throw Errors.Conflict("appointment_not_awaited", $"Your appointment {when} is {Said(current.Status)}; it can no longer be confirmed or cancelled here.");
        }
        if (Now >= current.SlotStartsAt)
        {
            throw Errors.Conflict("appointment_started", $"Your appointment {when} has already started; please speak to the reception.");
        }
        if (action == ReminderAction.CONFIRM && current.Status == AppointmentStatus.CONFIRMED)
        {
            // Already done (by another link or an SMS): nothing to ask, nothing to change.
            return new ReminderReply(current, action, Done: true, $"Your appointment {when} is confirmed. See you then.");
        }
        if (!apply)
        {
            return new ReminderReply(current, action, Done: false, action == ReminderAction.CONFIRM
                ? $"Confirm your appointment {when}?"
                : $"Cancel your appointment {when}? The time will be offered to another patient.");
        }
        var answer = new ReminderAnswer(action, via, Now);
        var basis = link is null ? State : State with { LinksUsed = [.. State.LinksUsed.IsDefault ? [] : State.LinksUsed, link] };
        if (action == ReminderAction.CONFIRM)
        {
            StatusRules.EnsureCanMove(current.Status, AppointmentStatus.CONFIRMED);
            var confirmed = await CommitChangeAsync(current with { Status = AppointmentStatus.CONFIRMED, ReminderAnswer = answer, UpdatedAt = Now }, [], [], basis);
            return new ReminderReply(confirmed, action, Done: true, $"Thank you: your appointment {when} is confirmed.");
        }
        var note = via == ReplyChannel.SMS ? "Cancelled by the patient's SMS reply to a reminder." : "Cancelled by the patient from a reminder link.";
        var cancelled = await CancelAsync(current with { ReminderAnswer = answer }, note, [], basis);
        return new ReminderReply(cancelled, action, Done: true, $"Your appointment {when} is cancelled. Thank you for letting us know.");
    }

    private static string LinkKey(ReminderAction action, DateTimeOffset expiry) =>
        string.Create(CultureInfo.InvariantCulture, $"{action}@{expiry.ToUnixTimeSeconds()}");

    private static string When(AppointmentView a) => string.Create(CultureInfo.InvariantCulture, $"on {a.AppointmentDate:yyyy-MM-dd} at {a.StartTime:HH\\:mm}");

    private static string Said(AppointmentStatus status) => status.ToString().Replace('_', ' ').ToLowerInvariant();
}
