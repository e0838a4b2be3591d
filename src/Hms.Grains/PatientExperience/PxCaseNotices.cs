using System.Collections.Immutable;
using System.Globalization;
using Hms.Notifications;
using Hms.ReadModel;

namespace Hms.PatientExperience;

/// <summary>
/// What the department hears of a case (seed 003): PX_CASE_ESCALATED with the level and dueAt in its
/// metadata, and PX_CASE_AT_RISK before the breach. One notification per recipient, in-app and e-mail.
/// </summary>
public static class PxCaseNotices
{
    public const string Escalated = "PX_CASE_ESCALATED";
    public const string AtRisk = "PX_CASE_AT_RISK";

    public static IEnumerable<NotificationRow> OfEscalation(PxCaseView c, IEnumerable<string> recipients, DateTimeOffset now) =>
        recipients.Select(userId => Notice(c, userId, Escalated, c.EscalationLevel >= 2 ? "URGENT" : "HIGH",
            $"Case escalated to level {c.EscalationLevel}: {c.Title}",
            $"The patient-experience case \"{c.Title}\" of {c.Department} passed its due time {Stamp(c.DueAt)} and is escalated to level {c.EscalationLevel}.",
            now));

    public static IEnumerable<NotificationRow> OfRisk(PxCaseView c, IEnumerable<string> recipients, DateTimeOffset now) =>
        recipients.Select(userId => Notice(c, userId, AtRisk, "MEDIUM",
            $"Case at risk of breaching its SLA: {c.Title}",
            $"{c.AtRiskPercent}% of the SLA window of the patient-experience case \"{c.Title}\" of {c.Department} has passed; it is due {Stamp(c.DueAt)}.",
            now));

    private static NotificationRow Notice(PxCaseView c, string userId, string type, string priority, string title, string message,
        DateTimeOffset now) =>
        new(Guid.NewGuid(), c.TenantId, Recipients.User, userId, type, title, message, priority, [Channels.InApp, Channels.Email],
            ImmutableDictionary<string, string>.Empty
                .Add("caseId", c.Id.ToString())
                .Add("department", c.Department)
                .Add("escalationLevel", c.EscalationLevel.ToString(CultureInfo.InvariantCulture))
                .Add("dueAt", c.DueAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))
                .Add("status", c.Status.ToString()),
            now);

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
