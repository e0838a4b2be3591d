using Hms.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Hms.Appointments;

/// <summary>
/// Answers to reminders from patients who do not sign in: it checks the credential (the link's signature and
/// expiry; for SMS the API checked the gateway's secret), finds the appointment, and lets its grain decide.
/// </summary>
[StatelessWorker]
public sealed class ReminderReplyGrain(
    PatientLinkSigner links,
    IReminderReplyReader appointments,
    [FromKeyedServices(HmsClock.Key)] TimeProvider clock) : Grain, IReminderReplyGrain
{
    public async Task<ReminderReply> Follow(string token, bool apply, Caller caller)
    {
        var link = await links.ReadAsync(token)
            ?? throw Errors.Forbidden("link_invalid", "This link is not valid. Please use the link exactly as it was sent to you.");
        if (clock.GetUtcNow() >= link.ExpiresAt)
        {
            throw Errors.Gone("link_expired", "This link has expired: the appointment time has come. Please speak to the reception.");
        }
        return await GrainFactory.GetGrain<IAppointmentGrain>(link.AppointmentId)
            .AnswerReminder(link.Action, ReplyChannel.LINK, link.ExpiresAt, apply);
    }

    public async Task<ReminderReply> Sms(InboundSms sms, Caller caller)
    {
        var action = SmsReplies.ActionOf(sms.Text)
            ?? throw Errors.Unprocessable("sms_reply_not_understood", "Reply 1 or YES to confirm your appointment, 2 or NO to cancel it.");
        var phone = SmsReplies.PhoneDigits(sms.From)
            ?? throw Errors.BadRequest("invalid_phone", "The sender is not a phone number.");
        var appointmentId = await appointments.NextRemindedAsync(phone, clock.GetUtcNow())
            ?? throw Errors.NotFound("no_reminded_appointment", "We found no upcoming appointment of yours that a reminder was sent for.");
        return await GrainFactory.GetGrain<IAppointmentGrain>(appointmentId).AnswerReminder(action, ReplyChannel.SMS, linkExpiresAt: null, apply: true);
    }
}
