using Hms.Notifications;
using Hms.Silo.Http;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Hms.Silo.Notifications;

/// <summary>Where notifications go: SMTP for e-mail and an HTTP webhook for SMS; the development log when either is not configured.</summary>
public sealed class SenderSettings
{
    public SmtpSettings Smtp { get; set; } = new();
    public SmsSettings Sms { get; set; } = new();

    public sealed class SmtpSettings
    {
        public string? Host { get; set; }
        public int Port { get; set; } = 587;
        /// <summary>Auto (STARTTLS when offered), SslOnConnect, StartTls or None.</summary>
        public string Security { get; set; } = "Auto";
        public string? Username { get; set; }
        public string? Password { get; set; }
        public string From { get; set; } = "HMS Orleans <no-reply@hms.local>";
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
    }

    public sealed class SmsSettings
    {
        public string? WebhookUrl { get; set; }
        /// <summary>Sent as a bearer token when set.</summary>
        public string? Token { get; set; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    }
}

/// <summary>E-mail over SMTP with MailKit.</summary>
public sealed class SmtpEmailSender(SenderSettings.SmtpSettings settings) : INotificationSender
{
    public Channel Channel => Channel.Email;

    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(settings.From));
        mail.To.Add(MailboxAddress.Parse(message.To));
        mail.Subject = message.Subject;
        mail.Headers.Add("X-Hms-Notification-Id", message.NotificationId.ToString());
        mail.Priority = message.Priority == Priority.High ? MessagePriority.Urgent : MessagePriority.Normal;
        mail.Body = new TextPart("plain") { Text = message.Body };
        await SmtpDelivery.SendAsync(settings, mail, cancellationToken);
    }
}

/// <summary>One message over one SMTP connection, within the configured timeout.</summary>
public static class SmtpDelivery
{
    public static async Task SendAsync(SenderSettings.SmtpSettings settings, MimeMessage mail, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host!, settings.Port, Enum.Parse<SecureSocketOptions>(settings.Security, ignoreCase: true), timeout.Token);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await client.AuthenticateAsync(settings.Username, settings.Password ?? "", timeout.Token);
        }
        await client.SendAsync(mail, timeout.Token);
        await client.DisconnectAsync(true, timeout.Token);
    }
}

/// <summary>
/// SMS through an HTTP webhook: POST {to, message, notificationId, priority}; any 2xx is sent. Each attempt
/// is bounded by the SMS timeout and transient failures are retried with jitter by the client's pipeline
/// (<see cref="OutboundHttp"/>); the notificationId lets a gateway drop a retried duplicate.
/// </summary>
public sealed class WebhookSmsSender(HttpClient http, SenderSettings.SmsSettings settings) : INotificationSender
{
    public Channel Channel => Channel.Sms;

    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.WebhookUrl)
        {
            Content = JsonContent.Create(new { to = message.To, message = $"{message.Subject}: {message.Body}", notificationId = message.NotificationId, priority = message.Priority }),
        };
        if (!string.IsNullOrEmpty(settings.Token))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", settings.Token);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>
/// The development default: writes what it would send. At Information only which notification (never
/// the address or the text, which name patients); the whole message at Debug, which scripts/start.sh
/// turns on for this category so a local run shows every mail and SMS.
/// </summary>
public sealed partial class LogSender(Channel channel, ILogger<LogSender> logger) : INotificationSender
{
    public Channel Channel => channel;

    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        LogNotSent(channel.Name, message.NotificationId, message.Body.Length);
        LogWouldSend(channel.Name, message.To, message.Subject, message.Body);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "[{Channel} not configured] notification {NotificationId} ({Characters} characters) written to the Debug log instead of sent")]
    private partial void LogNotSent(string channel, Guid notificationId, int characters);

    [LoggerMessage(Level = LogLevel.Debug, Message = "[{Channel} not configured] would send to {To}: {Subject} — {Body}")]
    private partial void LogWouldSend(string channel, string to, string subject, string body);
}

public static class SenderRegistration
{
    /// <summary>Senders from configuration (Notifications:Smtp:*, Notifications:Sms:*); the log for what is not configured.</summary>
    public static IServiceCollection AddNotificationSenders(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(NotificationOptions.Section).Get<SenderSettings>() ?? new SenderSettings();
        if (!Enum.TryParse<SecureSocketOptions>(settings.Smtp.Security, ignoreCase: true, out _))
        {
            throw new InvalidOperationException(
                $"Notifications:Smtp:Security is '{settings.Smtp.Security}'; use Auto, None, StartTls, StartTlsWhenAvailable or SslOnConnect.");
        }
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        services.AddOutboundHttpClient(nameof(WebhookSmsSender), settings.Sms.Timeout);
        services.AddSingleton<INotificationSender>(sp => string.IsNullOrWhiteSpace(settings.Smtp.Host)
            ? new LogSender(Channel.Email, sp.GetRequiredService<ILogger<LogSender>>())
            : new SmtpEmailSender(settings.Smtp));
        services.AddSingleton<INotificationSender>(sp => string.IsNullOrWhiteSpace(settings.Sms.WebhookUrl)
            ? new LogSender(Channel.Sms, sp.GetRequiredService<ILogger<LogSender>>())
            : new WebhookSmsSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WebhookSmsSender)), settings.Sms));
        return services;
    }
}
