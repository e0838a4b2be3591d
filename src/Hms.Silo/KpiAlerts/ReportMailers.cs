using Hms.KpiAlerts;
using Hms.Silo.Notifications;
using MimeKit;

namespace Hms.Silo.KpiAlerts;

/// <summary>Report mail over SMTP (Notifications:Smtp:*): one message to all recipients, the report attached.</summary>
public sealed class SmtpReportMailer(SenderSettings.SmtpSettings settings) : IReportMailer
{
    public async Task SendAsync(ReportMail mail, CancellationToken cancellationToken = default)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.AddRange(mail.To.Select(MailboxAddress.Parse));
        message.Subject = mail.Subject;
        var body = new BodyBuilder { TextBody = mail.Body };
        if (mail.Attachment is { } file)
        {
            // Base64 keeps the file byte for byte (a text part's CRLFs could be rewritten on the way).
            var attachment = (MimePart)body.Attachments.Add(file.FileName, file.Content, ContentType.Parse(file.ContentType));
            attachment.ContentTransferEncoding = ContentEncoding.Base64;
        }
        message.Body = body.ToMessageBody();
        await SmtpDelivery.SendAsync(settings, message, cancellationToken);
    }
}

/// <summary>The development default when SMTP is not configured: writes what it would send.</summary>
public sealed partial class LogReportMailer(ILogger<LogReportMailer> logger) : IReportMailer
{
    public Task SendAsync(ReportMail mail, CancellationToken cancellationToken = default)
    {
        LogNotSent(mail.To.Length, mail.Attachment?.Content.Length ?? 0);
        LogWouldSend(string.Join(", ", mail.To), mail.Subject, mail.Attachment?.FileName ?? "none", mail.Attachment?.Content.Length ?? 0);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "[email not configured] a report to {Recipients} recipient(s) ({Bytes} bytes attached) written to the Debug log instead of sent")]
    private partial void LogNotSent(int recipients, int bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "[email not configured] would send to {To}: {Subject} (attachment {File}, {Bytes} bytes)")]
    private partial void LogWouldSend(string to, string subject, string file, int bytes);
}
