using System.Collections.Immutable;
using Hms.Appointments;
using Hms.Consultations;
using Hms.Doctors;
using Hms.Hotels;
using Hms.Jobs;
using Hms.KpiAlerts;
using Hms.Notifications;
using Hms.PatientExperience;
using Hms.Patients;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hms.Tests.Compatibility;

/// <summary>
/// Grain state stored before names became types and rows moved into their capabilities (the golden
/// payloads in Golden/, see its README) reads back, field by field, with today's code: a silo upgraded
/// in place finds every grain's state and outbox as it left them.
/// </summary>
public sealed class StoredStateTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 8, 15, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.Parse("11111111-1111-1111-1111-111111111111");
    private static readonly Guid P = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private static readonly Guid D = Guid.Parse("33333333-3333-3333-3333-333333333333");
    private static readonly Guid L = Guid.Parse("55555555-5555-5555-5555-555555555555");
    private static readonly Guid K = Guid.Parse("88888888-8888-8888-8888-888888888888");

    private static readonly OrleansGrainStorageSerializer Storage = new(new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(AppointmentView).Assembly).AddAssembly(typeof(AppointmentState).Assembly))
        .BuildServiceProvider().GetRequiredService<Serializer>());

    private static T Read<T>(string name) =>
        Storage.Deserialize<T>(BinaryData.FromBytes(Convert.FromBase64String(
            File.ReadAllText(Path.Combine(Repo.Root, "tests/Hms.Tests/Compatibility/Golden", name + ".b64")).Trim())))
        ?? throw new InvalidDataException($"{name} read back as nothing");

    [Fact]
    public void AnAppointmentWithEveryRecordAndEffectOfANoShowInItsOutbox()
    {
        var state = Read<AppointmentState>("appointment");

        Assert.Equal((A, AppointmentStatus.NO_SHOW, "Europe/Berlin", 7L, 4), (state.Appointment!.Id, state.Appointment.Status, state.TimeZone,
            state.Version, state.Settings.NoShowBlockThreshold));
        Assert.False(state.ConsultationOpen);
        Assert.Equal(StageAlertType.NO_VITALS, Assert.Single(state.Appointment.Alerts).Type);
        var records = state.Outbox.Records;
        Assert.Equal(At, Assert.IsType<AppointmentRow>(records[0]).Pending[AppointmentDeadlines.NoShow.Name]);
        Assert.Equal(StageAlertStatus.ACTIVE, Assert.IsType<StageAlertRow>(records[1]).Alert.Status);
        Assert.Equal(NoShowReason.AUTO_TIMEOUT, Assert.IsType<NoShowLogRow>(records[2]).Log.Reason);
        var notice = Assert.IsType<NotificationRow>(records[3]);
        Assert.Equal((RecipientKind.Patient, Priority.Normal), (notice.Message.RecipientType, notice.Message.Priority));
        Assert.Equal<Channel>([Channel.Sms, Channel.InApp], notice.Message.Channels);
        Assert.Null(notice.OnDelivered);
        var run = Assert.IsType<JobRunRow>(records[4]);
        Assert.Equal((AppointmentDeadlines.NoShow.Job, JobStatus.Completed, RunSource.Reminder, 0.5),
            (run.JobName, run.Status, run.Source, run.LatenessMs!.Value));
        var effects = state.Outbox.Effects;
        Assert.Equal((D, new TimeOnly(9, 0)), (Assert.IsType<ReleaseSlot>(effects[0]).DoctorId, ((ReleaseSlot)effects[0]).StartTime));
        Assert.Equal(P, Assert.IsType<ReleasePatientTime>(effects[1]).PatientId);
        Assert.Equal(3, Assert.IsType<RecordPatientNoShow>(effects[2]).NoShow.BlockThreshold);
        var deliver = Assert.IsType<DeliverNotification>(effects[3]);
        Assert.Same(notice.Message, deliver.Message); // one object in the stored state, referenced twice
        Assert.Null(deliver.OnDelivered);
    }

    [Fact]
    public void ANotificationHalfwayThroughItsDelivery()
    {
        var state = Read<NotificationState>("notification");

        var view = state.Notification!;
        Assert.Equal(DeliveryStatus.Pending, view.Status);
        Assert.Equal<Channel>([Channel.InApp, Channel.Sms, Channel.Email], view.Message.Channels);
        Assert.Equal(
            [(Channel.InApp, DeliveryStatus.Sent, 1), (Channel.Sms, DeliveryStatus.Pending, 2), (Channel.Email, DeliveryStatus.Skipped, 0)],
            view.Deliveries.Select(d => (d.Channel, d.Status, d.Attempts)));
        Assert.Equal(L.ToString(), view.Message.Metadata["noShowLogId"]);
        Assert.Null(state.OnDelivered);
        Assert.Equal(view, Assert.IsType<NotificationDeliveryRow>(state.Outbox.Records[0]).Notification);
        Assert.Equal(L, Assert.IsType<NoShowNotificationSent>(state.Outbox.Records[1]).NoShowLogId);
    }

    [Fact]
    public void ADoctorWhoseCancellationSweepIsStillOwed()
    {
        var state = Read<DoctorState>("doctor");

        Assert.Equal((D, 3L), (state.Doctor!.Id, state.Doctor.Version));
        Assert.Equal(3L, Assert.IsType<DoctorRow>(state.Outbox.Records[0]).Version);
        var sweep = Assert.IsType<CancelDoctorAppointments>(Assert.Single(state.Outbox.Effects));
        Assert.Equal((new DateOnly(2026, 12, 1), Priority.High, "Doctor unavailable"), (sweep.From, sweep.Cancellation.Priority, sweep.Cancellation.Note));
    }

    [Fact]
    public void AConsultationThatOwesItsAppointmentBothSteps()
    {
        var state = Read<ConsultationState>("consultation");

        Assert.Equal(ConsultationStatus.STARTED, state.Consultation!.Status);
        Assert.Equal("doc-1", Assert.IsType<BeginAppointment>(state.Outbox.Effects[0]).Caller.UserId);
        Assert.IsType<CompleteAppointment>(state.Outbox.Effects[1]);
    }

    [Fact]
    public void APatientCountedOnce()
    {
        var state = Read<PatientState>("patient");

        Assert.Equal((P, 1, 2L), (state.Patient!.Id, state.Patient.NoShowCount, state.Version));
        Assert.Contains(A, state.NoShowAppointments);
        Assert.Equal("+4915112345678", Assert.IsType<PatientRow>(Assert.Single(state.Outbox.Records)).Patient.Phone);
    }

    [Fact]
    public void AnEscalatedCaseWithItsAuditNoticeAndRun()
    {
        var state = Read<PxCaseState>("pxCase");

        Assert.Equal((PxCaseStatus.ESCALATED, 1, 4L), (state.Case!.Status, state.Case.EscalationLevel, state.Version));
        Assert.Equal("ESCALATED", Assert.Single(state.Audits).Action);
        Assert.Equal(At, Assert.IsType<PxCaseRow>(state.Outbox.Records[0]).Pending[PxCaseRules.SlaDue.Name]);
        Assert.Equal(1, Assert.IsType<PxCaseAuditRow>(state.Outbox.Records[1]).Audit.ToLevel);
        var notice = Assert.IsType<NotificationRow>(state.Outbox.Records[2]);
        Assert.Equal((RecipientKind.User, "nurse-a"), (notice.Message.RecipientType, notice.Message.RecipientId));
        Assert.Equal<Channel>([Channel.InApp, Channel.Email], notice.Message.Channels);
        Assert.Equal(PxCaseRules.SlaDue.Job, Assert.IsType<JobRunRow>(state.Outbox.Records[3]).JobName);
    }

    [Fact]
    public void AKpiAlertWithARetryAndEveryRowAndEffect()
    {
        var state = Read<KpiAlertState>("kpiAlert");

        Assert.Equal((K, 9L, 2), (state.Alert!.Id, state.Version, state.Retry!.Attempt));
        Assert.Equal(9L, Assert.IsType<KpiAlertRow>(state.Outbox.Records[0]).Version);
        Assert.Equal(KpiRunStatus.SENT, Assert.IsType<KpiRunRow>(state.Outbox.Records[1]).Run.Status);
        Assert.Equal(K, Assert.IsType<KpiAlertDeletedRow>(state.Outbox.Records[2]).AlertId);
        Assert.Equal(KpiAlertRules.Occurrence.Job, Assert.IsType<JobRunRow>(state.Outbox.Records[3]).JobName);
        Assert.True(Assert.IsType<WatchKpiMetric>(Assert.Single(state.Outbox.Effects)).Watching);
    }

    [Fact]
    public void AFailureWatchThatReportedAStreak()
    {
        var state = Read<JobFailureWatchState>("jobFailureWatch");

        Assert.Equal(At, state.ReportedStreak);
        var notice = Assert.IsType<NotificationRow>(state.Outbox.Records[0]);
        Assert.Equal((Priority.High, "admin-a"), (notice.Message.Priority, notice.Message.RecipientId));
        var run = Assert.IsType<JobRunRow>(state.Outbox.Records[1]);
        Assert.Equal((JobStatus.Failed, RunSource.Manual, "boom"), (run.Status, run.Source, run.ErrorMessage));
    }

    [Fact]
    public void StateWrittenTodayReadsBackTheSame()
    {
        var state = Read<AppointmentState>("appointment") with { ConsultationOpen = true };

        var written = Storage.Serialize(state);
        var again = Storage.Deserialize<AppointmentState>(written)!;

        Assert.True(again.ConsultationOpen);
        Assert.Equal(written.ToArray(), Storage.Serialize(again).ToArray());
    }

    [Fact]
    public void ANameInANullableAfterTheSameNameReadsBack()
    {
        // Orleans writes a repeated string as a back-reference and reads any reference inside a Nullable<T> as null:
        // a name type must never travel as one (a hotel job's view holds a JobStatus? after equal statuses).
        var state = new HotelJobsState
        {
            TimeZone = "Europe/Berlin",
            Jobs = HotelJobs.Scheduled.ToImmutableDictionary(job => job, job => new HotelJobState(
                new HotelJobSchedule(job, true, new TimeOnly(2, 0), null, null), At, Guid.NewGuid(), JobStatus.Failed, At, null)),
        };

        var again = Storage.Deserialize<HotelJobsState>(Storage.Serialize(state))!;

        Assert.All(again.Jobs.Values, job => Assert.Equal(JobStatus.Failed, job.LastStatus));
    }
}
