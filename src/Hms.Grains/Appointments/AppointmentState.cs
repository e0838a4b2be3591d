using Hms.ReadModel;

namespace Hms.Appointments;

[GenerateSerializer, Alias("Hms.AppointmentState")]
public sealed record class AppointmentState : IOutboxState<AppointmentState>
{
    [Id(0)] public AppointmentView? Appointment { get; init; }

    /// <summary>The hospital's IANA zone, captured at booking, for wall-clock rules.</summary>
    [Id(1)] public string TimeZone { get; init; } = "UTC";

    /// <summary>The pending NO_SHOW deadline (UTC); null once handled or no longer relevant.</summary>
    [Id(2)] public DateTimeOffset? NoShowDueAt { get; init; }

    [Id(4)] public long Version { get; init; }

    [Id(5)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public AppointmentState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}
