using System.Collections.Immutable;
using System.Globalization;
using Hms.Common;
using Hms.Notifications;

namespace Hms.PatientExperience;

/// <summary>
/// What the department hears of a case: PX_CASE_ESCALATED with the level and dueAt in its metadata,
/// and PX_CASE_AT_RISK before the breach. One notification per recipient, in-app and e-mail.
/// </summary>
public static class PxCaseNotices
{
    public const string Escalated = "PX_CASE_ESCALATED";
    public const string AtRisk = "PX_CASE_AT_RISK";

    private static readonly ImmutableArray<Channel> Channels = [Channel.InApp, Channel.Email];

    public static IEnumerable<NotificationRow> OfEscalation(PxCaseView c, IEnumerable<string> recipients, TimeZoneInfo zone, DateTimeOffset now) =>
        To(c, recipients, new Notice(Escalated, $"Case escalated to level {c.EscalationLevel}: {c.Title}",
                c.EscalationLevel >= 2 ? Priority.Urgent : Priority.High, Channels),
            $"The patient-experience case \"{c.Title}\" of {c.Department} passed its due time {ZonedTime.Describe(c.DueAt, zone)} and is escalated to level {c.EscalationLevel}.",
            now);

    public static IEnumerable<NotificationRow> OfRisk(PxCaseView c, IEnumerable<string> recipients, TimeZoneInfo zone, DateTimeOffset now) =>
        To(c, recipients, new Notice(AtRisk, $"Case at risk of breaching its SLA: {c.Title}", Priority.Medium, Channels),
            $"{c.AtRiskPercent}% of the SLA window of the patient-experience case \"{c.Title}\" of {c.Department} has passed; it is due {ZonedTime.Describe(c.DueAt, zone)}.",
            now);

    private static IEnumerable<NotificationRow> To(PxCaseView c, IEnumerable<string> recipients, Notice notice, string message, DateTimeOffset now)
    {
        var metadata = ImmutableDictionary<string, string>.Empty
            .Add("caseId", c.Id.ToString())
            .Add("department", c.Department)
            .Add("escalationLevel", c.EscalationLevel.ToString(CultureInfo.InvariantCulture))
            .Add("dueAt", c.DueAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))
            .Add("status", c.Status.ToString());
        return recipients.Select(userId => notice.To(c.TenantId, RecipientKind.User, userId, message, now, metadata));
    }
}
