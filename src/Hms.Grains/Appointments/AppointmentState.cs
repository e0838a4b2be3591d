using System.Collections.Immutable;
using Hms.Patients;
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

    /// <summary>A NO_SHOW the patient grain has not counted yet; retried by the reminder until it has.</summary>
    [Id(3)] public PatientNoShow? PatientNoShowOwed { get; init; }

    [Id(4)] public long Version { get; init; }

    [Id(5)] public ImmutableList<ReadModelRecord> Outbox { get; init; } = [];

    /// <summary>Whether anything still needs the deadline reminder.</summary>
    public bool HasPendingWork => NoShowDueAt is not null || PatientNoShowOwed is not null;

    public AppointmentState WithOutbox(ImmutableList<ReadModelRecord> outbox) => this with { Outbox = outbox };
}
