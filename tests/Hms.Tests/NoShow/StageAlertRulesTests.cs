using Hms.Appointments;
using Hms.Common;
using Hms.Hospitals;

namespace Hms.Tests.NoShow;

public sealed class StageAlertRulesTests
{
    private static readonly DateTimeOffset Nine = new(2026, 1, 21, 9, 0, 0, TimeSpan.Zero);
    private static readonly HospitalSettings Settings = new(VitalsAlertBufferMinutes: 5, DoctorAlertBufferMinutes: 10, WaitingTooLongMinutes: 30);

    private static AppointmentView Appointment(AppointmentStatus status, DateTimeOffset? checkedIn = null, DateTimeOffset? vitals = null,
        params StageAlertView[] alerts) =>
        new(Guid.NewGuid(), "h", Guid.NewGuid(), Guid.NewGuid(), new DateOnly(2026, 1, 21), new TimeOnly(9, 0), new TimeOnly(9, 15), 15,
            status, Nine, Nine.AddMinutes(15), checkedIn, vitals, null, null, Nine, Nine, null, null, null, [.. alerts]);

    private static StageAlertView Alert(StageAlertType type, StageAlertStatus status = StageAlertStatus.ACTIVE) =>
        new(Guid.NewGuid(), Guid.NewGuid(), type, status, "m", Nine, null, null, null, null);

    [Fact]
    public void AnAwaitedAppointmentHasOnlyItsNoShowDeadline()
    {
        var deadlines = AppointmentDeadlines.For(Appointment(AppointmentStatus.CONFIRMED), Settings);
        Assert.Equal(Nine.AddMinutes(15), Assert.Single(deadlines).Value);
        Assert.Equal(AppointmentDeadlines.NoShow, deadlines.Keys.Single());
    }

    [Fact]
    public void CheckedInWithoutVitalsWaitsForVitalsAndForTheDoctor()
    {
        var deadlines = AppointmentDeadlines.For(Appointment(AppointmentStatus.CHECKED_IN, checkedIn: Nine.AddMinutes(5)), Settings);
        // Slot start + slotDuration + 5 and check-in + the waiting limit.
        Assert.Equal(Nine.AddMinutes(20), deadlines[AppointmentDeadlines.NoVitals]);
        Assert.Equal(Nine.AddMinutes(35), deadlines[AppointmentDeadlines.Waiting]);
        Assert.False(deadlines.ContainsKey(AppointmentDeadlines.NoDoctor));
        Assert.False(deadlines.ContainsKey(AppointmentDeadlines.NoShow));
    }

    [Fact]
    public void VitalsTurnTheVitalsDeadlineIntoTheDoctorsDeadline()
    {
        var deadlines = AppointmentDeadlines.For(Appointment(AppointmentStatus.CHECKED_IN, Nine.AddMinutes(5), Nine.AddMinutes(12)), Settings);
        Assert.Equal(Nine.AddMinutes(25), deadlines[AppointmentDeadlines.NoDoctor]);
        Assert.False(deadlines.ContainsKey(AppointmentDeadlines.NoVitals));
    }

    [Fact]
    public void AnAlertThatExistsHasNoDeadlineAnyMore()
    {
        var withAlerts = Appointment(AppointmentStatus.CHECKED_IN, Nine.AddMinutes(5), null,
            Alert(StageAlertType.NO_VITALS, StageAlertStatus.RESOLVED), Alert(StageAlertType.WAITING_TOO_LONG));
        Assert.Empty(AppointmentDeadlines.For(withAlerts, Settings));
    }

    [Theory]
    [InlineData(AppointmentStatus.IN_PROGRESS)]
    [InlineData(AppointmentStatus.COMPLETED)]
    [InlineData(AppointmentStatus.NO_SHOW)]
    [InlineData(AppointmentStatus.CANCELLED)]
    public void PatientsNoLongerWaitingHaveNoDeadlines(AppointmentStatus status) =>
        Assert.Empty(AppointmentDeadlines.For(Appointment(status, Nine, Nine), Settings));

    [Fact]
    public void VitalsResolveTheVitalsAlertOnly()
    {
        var alerts = StageAlertRules.AutoResolve(Appointment(AppointmentStatus.CHECKED_IN, Nine, Nine.AddMinutes(21),
            Alert(StageAlertType.NO_VITALS), Alert(StageAlertType.WAITING_TOO_LONG)), Nine.AddMinutes(21));
        Assert.Equal(StageAlertStatus.RESOLVED, alerts.Single(a => a.Type == StageAlertType.NO_VITALS).Status);
        Assert.Equal(StageAlertRules.System, alerts.Single(a => a.Type == StageAlertType.NO_VITALS).ResolvedBy);
        Assert.Equal(StageAlertStatus.ACTIVE, alerts.Single(a => a.Type == StageAlertType.WAITING_TOO_LONG).Status);
    }

    [Fact]
    public void TheConsultationStartingResolvesEveryAlert()
    {
        var alerts = StageAlertRules.AutoResolve(Appointment(AppointmentStatus.IN_PROGRESS, Nine, Nine,
            Alert(StageAlertType.NO_DOCTOR, StageAlertStatus.ACKNOWLEDGED), Alert(StageAlertType.WAITING_TOO_LONG)), Nine.AddMinutes(27));
        Assert.Equal(2, alerts.Length);
        Assert.All(alerts, a => Assert.Equal((StageAlertStatus.RESOLVED, Nine.AddMinutes(27)), (a.Status, a.ResolvedAt!.Value)));
    }

    [Fact]
    public void TheLifecycleIsActiveThenAcknowledgedThenResolved()
    {
        var acknowledged = StageAlertRules.Acknowledge(Alert(StageAlertType.NO_DOCTOR), "nurse-1", Nine);
        Assert.Equal((StageAlertStatus.ACKNOWLEDGED, "nurse-1", Nine), (acknowledged.Status, acknowledged.AcknowledgedBy, acknowledged.AcknowledgedAt!.Value));
        var resolved = StageAlertRules.Resolve(acknowledged, "doctor-1", Nine.AddMinutes(1));
        Assert.Equal((StageAlertStatus.RESOLVED, "doctor-1"), (resolved.Status, resolved.ResolvedBy));

        Assert.Equal("alert_not_active", Assert.Throws<DomainException>(() => StageAlertRules.Acknowledge(acknowledged, "x", Nine)).Code);
        Assert.Equal("alert_resolved", Assert.Throws<DomainException>(() => StageAlertRules.Resolve(resolved, "x", Nine)).Code);
        Assert.Equal(StageAlertStatus.RESOLVED, StageAlertRules.Resolve(Alert(StageAlertType.NO_VITALS), "x", Nine).Status);
    }
}
