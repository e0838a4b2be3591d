using System.Collections.Immutable;
using Hms.Hospitals;
using Hms.ReadModel;

namespace Hms.Appointments;

[GenerateSerializer, Alias("Hms.AppointmentState")]
public sealed record class AppointmentState : IOutboxState<AppointmentState>
{
    [Id(0)] public AppointmentView? Appointment { get; init; }

    /// <summary>The hospital's IANA zone, captured at booking, for wall-clock rules.</summary>
    [Id(1)] public string TimeZone { get; init; } = "UTC";

    [Id(4)] public long Version { get; init; }

    [Id(5)] public Outbox Outbox { get; init; } = Outbox.Empty;

    /// <summary>The hospital's alert buffers and limits, captured at booking.</summary>
    [Id(6)] public HospitalSettings Settings { get; init; } = HospitalSettings.Default;

    /// <summary>A consultation of this appointment is under way: the appointment completes with it, not on its own.</summary>
    [Id(7)] public bool ConsultationOpen { get; init; }

    /// <summary>When the appointment was booked or last moved: reminders whose offset had passed by then are not sent (null: booked before reminders existed, none).</summary>
    [Id(8)] public DateTimeOffset? RemindersFrom { get; init; }

    /// <summary>The planned instant of the last reminder handled (sent, or skipped as too late); null: none yet.</summary>
    [Id(9)] public DateTimeOffset? RemindedThrough { get; init; }

    /// <summary>Reminder links already followed (<c>CONFIRM@{expiry}</c>): each works once.</summary>
    [Id(10)] public ImmutableArray<string> LinksUsed { get; init; } = [];

    public AppointmentState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}
