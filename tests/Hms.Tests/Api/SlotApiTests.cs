using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

/// <summary>
/// The slot routes of /api/v1/slots, and the doctor, absence and holiday routes that change slots,
/// through the real API. <see cref="ApiFlow"/>'s doctor works every day 00:00–23:59 in 30-minute
/// slots: 47 slots a day.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SlotApiTests(ApiFixture cluster)
{
    private const int SlotsPerDay = 47;

    private static readonly TimeZoneInfo Berlin = ZonedTime.Zone("Europe/Berlin");

    private DateOnly Today => ZonedTime.Today(cluster.Clock.GetUtcNow(), Berlin);

    private static string D(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static TimeOnly T(string hhmm) => TimeOnly.Parse(hhmm, CultureInfo.InvariantCulture);

    private static async Task<JsonElement> SlotsOnAsync(ApiFlow flow, DateOnly date) =>
        await ApiFlow.ListAsync(flow.Admin, $"/api/v1/slots/doctor/{flow.DoctorId}/date/{D(date)}");

    /// <summary>The grid slot (not an off-schedule booking) that starts at <paramref name="start"/>.</summary>
    private static JsonElement SlotAt(JsonElement slots, string start) =>
        Assert.Single(slots.EnumerateArray(), s => s.GetProperty("startTime").GetString() == start && !s.GetProperty("isOffSchedule").GetBoolean());

    private static IEnumerable<string> StartsWhere(JsonElement slots, string flag) =>
        slots.EnumerateArray().Where(s => s.GetProperty(flag).GetBoolean()).Select(s => s.GetProperty("startTime").GetString()!);

    private static Task<HttpResponseMessage> BlockAsync(ApiFlow flow, string slotId, bool isBlocked, string? reason = null) =>
        flow.Admin.PatchAsJsonAsync($"/api/v1/slots/{slotId}/block", new { isBlocked, reason });

    private static Task<HttpResponseMessage> BookAsync(ApiFlow flow, string patientId, DateOnly date, string start) =>
        flow.Admin.PostAsJsonAsync("/api/v1/appointments",
            new { patientId, doctorId = flow.DoctorId, appointmentDate = D(date), startTime = start });

    private static IEnumerable<Guid> Ids(JsonElement array) => array.EnumerateArray().Select(e => e.GetGuid()).Order();

    [Fact]
    public async Task TheSlotsOfADateAreGeneratedOnDemand()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var date = Today.AddDays(3);

        var slots = await SlotsOnAsync(flow, date);

        Assert.Equal(SlotsPerDay, slots.GetArrayLength());
        var first = slots[0];
        Assert.Equal($"{Guid.Parse(flow.DoctorId):N}-{date:yyyyMMdd}-0000", first.GetProperty("id").GetString());
        Assert.Equal(flow.DoctorId, first.GetProperty("doctorId").GetString());
        Assert.Equal(D(date), first.GetProperty("slotDate").GetString());
        Assert.Equal(("00:00", "00:30"), (first.GetProperty("startTime").GetString(), first.GetProperty("endTime").GetString()));
        Assert.Equal(("23:00", "23:30"), (slots[SlotsPerDay - 1].GetProperty("startTime").GetString(), slots[SlotsPerDay - 1].GetProperty("endTime").GetString()));
        Assert.All(slots.EnumerateArray(), s =>
        {
            Assert.True(s.GetProperty("isAvailable").GetBoolean());
            Assert.False(s.GetProperty("isBooked").GetBoolean() || s.GetProperty("isBlocked").GetBoolean() || s.GetProperty("isOffSchedule").GetBoolean());
            Assert.Equal(JsonValueKind.Null, s.GetProperty("appointmentId").ValueKind);
        });
        // One convention for every list: { data, total, limit, offset }, a page at a time.
        var page = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/slots/doctor/{flow.DoctorId}/date/{D(date)}?limit=10&offset=5"));
        Assert.Equal((10, SlotsPerDay, 10, 5), (page.GetProperty("data").GetArrayLength(), page.GetProperty("total").GetInt32(),
            page.GetProperty("limit").GetInt32(), page.GetProperty("offset").GetInt32()));
        Assert.Equal("02:30", page.GetProperty("data")[0].GetProperty("startTime").GetString());
        Assert.Equal(50, (await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/slots/doctor/{flow.DoctorId}/date/{D(date)}")))
            .GetProperty("limit").GetInt32());
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.GetAsync($"/api/v1/slots/doctor/{flow.DoctorId}/date/{D(date)}?limit=501"));
        var again = await SlotsOnAsync(flow, date);
        Assert.Equal(slots.EnumerateArray().Select(s => s.GetProperty("id").GetString()), again.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.GetAsync($"/api/v1/slots/doctor/{flow.DoctorId}/date/2026-02-30"));
    }

    [Fact]
    public async Task TodaysSlotsThatHaveEndedArePastAndNotAvailable()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var now = cluster.Clock.GetUtcNow();

        var today = await SlotsOnAsync(flow, Today);

        Assert.Equal(SlotsPerDay, today.GetArrayLength());
        Assert.All(today.EnumerateArray(), s =>
        {
            var endsAt = ZonedTime.ToInstant(Today, T(s.GetProperty("startTime").GetString()!), Berlin).AddMinutes(30);
            Assert.Equal(endsAt <= now, s.GetProperty("isPast").GetBoolean());
            Assert.Equal(endsAt > now, s.GetProperty("isAvailable").GetBoolean());
        });
        Assert.Equal(EndedToday(now), today.EnumerateArray().Count(s => s.GetProperty("isPast").GetBoolean()));
        Assert.Contains(today.EnumerateArray(), s => !s.GetProperty("isPast").GetBoolean());
        var ended = today.EnumerateArray().Last(s => s.GetProperty("isPast").GetBoolean()).GetProperty("startTime").GetString()!;
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "date_in_past", await BookAsync(flow, flow.PatientId, Today, ended));
        var underWay = today.EnumerateArray().First(s => !s.GetProperty("isPast").GetBoolean()).GetProperty("startTime").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(flow, flow.PatientId, Today, underWay)).StatusCode);
    }

    /// <summary>How many of today's 30-minute slots (from 00:00 Berlin) have ended by <paramref name="now"/>.</summary>
    private int EndedToday(DateTimeOffset now) =>
        Enumerable.Range(0, SlotsPerDay).Count(k => ZonedTime.ToInstant(Today, new TimeOnly(k / 2, k % 2 * 30), Berlin).AddMinutes(30) <= now);

    [Fact]
    public async Task UpcomingSlotsAreTheBookableFutureOnesOnly()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var tomorrow = Today.AddDays(1);
        var booked = await flow.BookAsync(flow.PatientId, flow.DoctorId, tomorrow, T("10:00"));
        var blockedId = SlotAt(await SlotsOnAsync(flow, tomorrow), "11:00").GetProperty("id").GetString()!;
        await ApiFlow.Expect(HttpStatusCode.OK, await BlockAsync(flow, blockedId, isBlocked: true, "Ward round"));
        var now = cluster.Clock.GetUtcNow();
        var today = Today;
        var expected = Enumerable.Range(0, 30)
            .SelectMany(day => Enumerable.Range(0, SlotsPerDay).Select(k => ZonedTime.ToInstant(today.AddDays(day), new TimeOnly(k / 2, k % 2 * 30), Berlin)))
            .Count(startsAt => startsAt > now) - 2;

        var upcoming = await ApiFlow.ListAsync(flow.Admin, $"/api/v1/slots/doctor/{flow.DoctorId}");

        Assert.Equal(expected, upcoming.GetArrayLength());
        Assert.All(upcoming.EnumerateArray(), s =>
        {
            Assert.True(s.GetProperty("isAvailable").GetBoolean());
            var date = DateOnly.ParseExact(s.GetProperty("slotDate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.True(ZonedTime.ToInstant(date, T(s.GetProperty("startTime").GetString()!), Berlin) > now);
        });
        var ids = upcoming.EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToHashSet();
        Assert.DoesNotContain(blockedId, ids);
        Assert.DoesNotContain(SlotAt(await SlotsOnAsync(flow, tomorrow), "10:00").GetProperty("id").GetString(), ids);
        Assert.Contains(SlotAt(await SlotsOnAsync(flow, tomorrow), "10:30").GetProperty("id").GetString(), ids);
        Assert.Equal(booked, SlotAt(await SlotsOnAsync(flow, tomorrow), "10:00").GetProperty("appointmentId").GetGuid());
    }

    [Fact]
    public async Task ARangeHasEveryDaysSlotsAndAtMostNinetyThreeDays()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var from = Today.AddDays(1);
        string Range(DateOnly start, DateOnly end, string extra = "") =>
            $"/api/v1/slots/doctor/{flow.DoctorId}/range?from={D(start)}&to={D(end)}{extra}";
        await flow.BookAsync(flow.PatientId, flow.DoctorId, from.AddDays(1), T("09:00"));

        var slots = await ApiFlow.ListAsync(flow.Admin, Range(from, from.AddDays(2)));

        Assert.Equal(3 * SlotsPerDay, slots.GetArrayLength());
        Assert.Equal([D(from), D(from.AddDays(1)), D(from.AddDays(2))],
            slots.EnumerateArray().Select(s => s.GetProperty("slotDate").GetString()!).Distinct());
        Assert.Equal(["09:00"], StartsWhere(slots, "isBooked"));
        var available = await ApiFlow.ListAsync(flow.Admin, Range(from, from.AddDays(2), "&available=true"));
        Assert.Equal(3 * SlotsPerDay - 1, available.GetArrayLength());

        // 93 days at most, inside a year back and the booking horizon ahead.
        var longest = await ApiFlow.ListAsync(flow.Admin, Range(from.AddDays(-70), from.AddDays(22)));
        Assert.Equal(93 * SlotsPerDay, longest.GetArrayLength());
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "invalid_range", await flow.Admin.GetAsync(Range(from.AddDays(-70), from.AddDays(23))));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "range_outside_horizon",
            await flow.Admin.GetAsync(Range(Today.AddYears(5), Today.AddYears(5).AddDays(30))));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "invalid_range", await flow.Admin.GetAsync(Range(from, from.AddDays(-1))));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.GetAsync($"/api/v1/slots/doctor/{flow.DoctorId}/range?from={D(from)}"));
    }

    [Fact]
    public async Task GenerateAndRegenerateReportWhatTheyBuilt()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var today = Today;
        var evening = await flow.BookAsync(flow.PatientId, flow.DoctorId, today.AddDays(2), T("20:00"));

        var generated = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsync($"/api/v1/slots/generate/{flow.DoctorId}?days=7", null));

        Assert.Equal(flow.DoctorId, generated.GetProperty("doctorId").GetString());
        Assert.Equal((D(today), D(today.AddDays(6)), 7),
            (generated.GetProperty("from").GetString(), generated.GetProperty("to").GetString(), generated.GetProperty("days").GetInt32()));
        Assert.Equal((7 * SlotsPerDay, 7 * SlotsPerDay - 1 - EndedToday(cluster.Clock.GetUtcNow()), 1, 0),
            (generated.GetProperty("slotsGenerated").GetInt32(), generated.GetProperty("availableSlots").GetInt32(),
             generated.GetProperty("bookedSlots").GetInt32(), generated.GetProperty("offScheduleAppointments").GetInt32()));
        var byDefault = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsync($"/api/v1/slots/generate/{flow.DoctorId}", null));
        Assert.Equal(30, byDefault.GetProperty("days").GetInt32());
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "invalid_range", await flow.Admin.PostAsync($"/api/v1/slots/generate/{flow.DoctorId}?days=0", null));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "invalid_range", await flow.Admin.PostAsync($"/api/v1/slots/generate/{flow.DoctorId}?days=94", null));

        // Office hours only: the 20:00 booking is off the new grid and is reported.
        var days = Enum.GetNames<DayOfWeek>().Select(d => new { dayOfWeek = d.ToUpperInvariant(), startTime = "09:00", endTime = "17:00" });
        var changed = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PutAsJsonAsync($"/api/v1/doctors/{flow.DoctorId}/schedules", new { schedules = days }));
        Assert.Equal([evening], Ids(changed.GetProperty("offScheduleAppointmentIds")));
        Assert.Equal(1, changed.GetProperty("notifiedPatients").GetInt32());

        var regenerated = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsync($"/api/v1/slots/regenerate/{flow.DoctorId}?days=7", null));

        var officeEnded = Enumerable.Range(0, 16).Count(k => ZonedTime.ToInstant(today, new TimeOnly(9, 0).AddMinutes(30 * k), Berlin).AddMinutes(30)
            <= cluster.Clock.GetUtcNow());
        Assert.Equal((7 * 16, 7 * 16 - officeEnded, 1, 1),
            (regenerated.GetProperty("slotsGenerated").GetInt32(), regenerated.GetProperty("availableSlots").GetInt32(),
             regenerated.GetProperty("bookedSlots").GetInt32(), regenerated.GetProperty("offScheduleAppointments").GetInt32()));
        var day = await SlotsOnAsync(flow, today.AddDays(2));
        Assert.Equal(17, day.GetArrayLength());
        Assert.Equal(["20:00"], StartsWhere(day, "isOffSchedule"));
    }

    [Fact]
    public async Task ABlockedSlotCannotBeBookedUntilItIsUnblocked()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var date = Today.AddDays(2);
        var slotId = SlotAt(await SlotsOnAsync(flow, date), "10:00").GetProperty("id").GetString()!;

        var blocked = await ApiFlow.Expect(HttpStatusCode.OK, await BlockAsync(flow, slotId, isBlocked: true, "Equipment maintenance"));

        Assert.Equal(slotId, blocked.GetProperty("id").GetString());
        Assert.True(blocked.GetProperty("isBlocked").GetBoolean());
        Assert.False(blocked.GetProperty("isAvailable").GetBoolean());
        Assert.Equal("Equipment maintenance", blocked.GetProperty("blockedReason").GetString());
        Assert.True(SlotAt(await SlotsOnAsync(flow, date), "10:00").GetProperty("isBlocked").GetBoolean());
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "slot_blocked", await BookAsync(flow, flow.PatientId, date, "10:00"));

        var unblocked = await ApiFlow.Expect(HttpStatusCode.OK, await BlockAsync(flow, slotId, isBlocked: false));
        Assert.False(unblocked.GetProperty("isBlocked").GetBoolean());
        Assert.True(unblocked.GetProperty("isAvailable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, unblocked.GetProperty("blockedReason").ValueKind);

        var booked = await ApiFlow.Expect(HttpStatusCode.Created, await BookAsync(flow, flow.PatientId, date, "10:00"));
        var slot = SlotAt(await SlotsOnAsync(flow, date), "10:00");
        Assert.Equal(booked.GetProperty("id").GetGuid(), slot.GetProperty("appointmentId").GetGuid());
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "slot_booked", await BlockAsync(flow, slotId, isBlocked: true, "Too late"));
        Assert.False(SlotAt(await SlotsOnAsync(flow, date), "10:00").GetProperty("isBlocked").GetBoolean());
    }

    [Fact]
    public async Task UnknownSlotsAreNotFound()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var date = Today.AddDays(2);

        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "slot_not_found",
            await BlockAsync(flow, $"{Guid.Parse(flow.DoctorId):N}-{date:yyyyMMdd}-1010", isBlocked: true));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "slot_not_found", await BlockAsync(flow, "not-a-slot", isBlocked: true));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "slot_not_found", await BlockAsync(flow, $"{Guid.Parse(flow.DoctorId):N}-{date:yyyyMMdd}-2500", isBlocked: true));
    }

    [Fact]
    public async Task AnotherHospitalsDoctorIsNotFound()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var stranger = (await ApiFlow.CreateAsync(cluster)).Admin;
        var date = Today.AddDays(2);
        var slotId = SlotAt(await SlotsOnAsync(flow, date), "10:00").GetProperty("id").GetString()!;
        var slots = $"/api/v1/slots/doctor/{flow.DoctorId}";

        foreach (var response in new[]
        {
            await stranger.GetAsync(slots),
            await stranger.GetAsync($"{slots}/date/{D(date)}"),
            await stranger.GetAsync($"{slots}/range?from={D(date)}&to={D(date.AddDays(1))}"),
            await stranger.PostAsync($"/api/v1/slots/generate/{flow.DoctorId}?days=7", null),
            await stranger.PostAsync($"/api/v1/slots/regenerate/{flow.DoctorId}", null),
            await stranger.PatchAsJsonAsync($"/api/v1/slots/{slotId}/block", new { isBlocked = true, reason = "Not yours" }),
            await stranger.PatchAsJsonAsync($"/api/v1/doctors/{flow.DoctorId}", new { isAvailable = false }),
            await stranger.GetAsync($"/api/v1/doctors/{flow.DoctorId}/absences"),
        })
        {
            await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "doctor_not_found", response);
        }
        Assert.True(SlotAt(await SlotsOnAsync(flow, date), "10:00").GetProperty("isAvailable").GetBoolean());
        var doctor = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/doctors/{flow.DoctorId}"));
        Assert.True(doctor.GetProperty("isAvailable").GetBoolean());
    }

    [Fact]
    public async Task MakingADoctorUnavailableAnswersWithWhatItCancelled()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var secondPatient = await flow.AddPatientAsync();
        var date = Today.AddDays(2);
        var first = await flow.BookAsync(flow.PatientId, flow.DoctorId, date, T("10:00"));
        var second = await flow.BookAsync(secondPatient, flow.DoctorId, date.AddDays(1), T("11:00"));

        var doctor = await ApiFlow.Expect(HttpStatusCode.OK,
            await flow.Admin.PatchAsJsonAsync($"/api/v1/doctors/{flow.DoctorId}", new { isAvailable = false }));

        Assert.False(doctor.GetProperty("isAvailable").GetBoolean());
        Assert.Equal(2, doctor.GetProperty("cancelledAppointments").GetInt32());
        Assert.Equal(2, doctor.GetProperty("notifiedPatients").GetInt32());
        Assert.Equal(new[] { first, second }.Order(), Ids(doctor.GetProperty("affectedAppointmentIds")));
        var cancelled = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments/{first}"));
        Assert.Equal("CANCELLED", cancelled.GetProperty("status").GetString());
        Assert.Equal("Doctor unavailable", cancelled.GetProperty("notes").GetString());
        Assert.False(SlotAt(await SlotsOnAsync(flow, date), "10:00").GetProperty("isBooked").GetBoolean());
        foreach (var patient in new[] { flow.PatientId, secondPatient })
        {
            Assert.Equal(1, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
                "SELECT count(*) FROM notifications WHERE recipient_id = $1 AND priority = 'HIGH' AND 'sms' = ANY(channels) AND 'in_app' = ANY(channels)",
                patient));
        }
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "doctor_unavailable", await BookAsync(flow, flow.PatientId, date, "12:00"));

        var again = await ApiFlow.Expect(HttpStatusCode.OK,
            await flow.Admin.PatchAsJsonAsync($"/api/v1/doctors/{flow.DoctorId}", new { isAvailable = true }));
        Assert.True(again.GetProperty("isAvailable").GetBoolean());
        Assert.Equal(0, again.GetProperty("cancelledAppointments").GetInt32());
        Assert.Empty(again.GetProperty("affectedAppointmentIds").EnumerateArray());
    }

    [Fact]
    public async Task ANewSlotDurationOverHttpListsTheAppointmentsOffTheNewGrid()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var date = Today.AddDays(2);
        var booked = await flow.BookAsync(flow.PatientId, flow.DoctorId, date, T("10:30"));

        var doctor = await ApiFlow.Expect(HttpStatusCode.OK,
            await flow.Admin.PatchAsJsonAsync($"/api/v1/doctors/{flow.DoctorId}", new { slotDuration = 60 }));

        Assert.Equal(60, doctor.GetProperty("slotDuration").GetInt32());
        Assert.Equal([booked], Ids(doctor.GetProperty("offScheduleAppointmentIds")));
        Assert.Equal(0, doctor.GetProperty("cancelledAppointments").GetInt32());
        Assert.Equal(1, doctor.GetProperty("notifiedPatients").GetInt32());
        var slots = await SlotsOnAsync(flow, date);
        Assert.Equal(["10:30"], StartsWhere(slots, "isOffSchedule"));
        // Only 10:00–11:00 shares time with the kept 10:30–11:00 booking; 11:00–12:00 merely touches it.
        Assert.Equal(["10:00"], StartsWhere(slots, "isBlocked"));
        Assert.Equal(23, slots.GetArrayLength() - 1);
    }

    [Fact]
    public async Task AnAbsenceRoundTripsAndMovesTheBlockedSlots()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var date = Today.AddDays(4);
        var absences = $"/api/v1/doctors/{flow.DoctorId}/absences";
        var booked = await flow.BookAsync(flow.PatientId, flow.DoctorId, date, T("15:00"));

        var created = await flow.Admin.PostAsJsonAsync(absences, new
        {
            absenceType = "CONFERENCE", startDate = D(date), endDate = D(date), isFullDay = false,
            startTime = "14:00", endTime = "17:00", reason = "Cardiology congress",
        });
        var absence = await ApiFlow.Expect(HttpStatusCode.Created, created);

        var id = absence.GetProperty("id").GetGuid();
        Assert.Equal($"{absences}/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("CONFERENCE", "ACTIVE", "14:00", "17:00"), (absence.GetProperty("absenceType").GetString(),
            absence.GetProperty("status").GetString(), absence.GetProperty("startTime").GetString(), absence.GetProperty("endTime").GetString()));
        Assert.Equal(1, absence.GetProperty("affectedAppointments").GetInt32());
        Assert.False(string.IsNullOrEmpty(absence.GetProperty("warning").GetString()));
        Assert.Empty(absence.GetProperty("cancelledAppointmentIds").EnumerateArray());
        Assert.Equal(["14:00", "14:30", "15:00", "15:30", "16:00", "16:30"], StartsWhere(await SlotsOnAsync(flow, date), "isBlocked"));
        var listed = await ApiFlow.ListAsync(flow.Admin, absences);
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetGuid());

        var moved = await ApiFlow.Expect(HttpStatusCode.OK,
            await flow.Admin.PatchAsJsonAsync($"{absences}/{id}", new { startTime = "09:00", endTime = "12:00" }));

        Assert.Equal(("09:00", "12:00", "Cardiology congress"), (moved.GetProperty("startTime").GetString(),
            moved.GetProperty("endTime").GetString(), moved.GetProperty("reason").GetString()));
        Assert.Equal(0, moved.GetProperty("affectedAppointments").GetInt32());
        var slots = await SlotsOnAsync(flow, date);
        Assert.Equal(["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"], StartsWhere(slots, "isBlocked"));
        Assert.Equal(booked, SlotAt(slots, "15:00").GetProperty("appointmentId").GetGuid());

        var cancelled = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.DeleteAsync($"{absences}/{id}"));

        Assert.Equal("CANCELLED", cancelled.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, cancelled.GetProperty("cancelledAt").ValueKind);
        Assert.Empty(StartsWhere(await SlotsOnAsync(flow, date), "isBlocked"));
        Assert.Equal(0, (await ApiFlow.ListAsync(flow.Admin, $"{absences}?status=ACTIVE")).GetArrayLength());
        Assert.Equal(1, (await ApiFlow.ListAsync(flow.Admin, $"{absences}?status=CANCELLED")).GetArrayLength());
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "absence_cancelled",
            await flow.Admin.PatchAsJsonAsync($"{absences}/{id}", new { reason = "Changed my mind" }));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "absence_not_found", await flow.Admin.DeleteAsync($"{absences}/{Guid.NewGuid()}"));
    }

    [Fact]
    public async Task AbsenceRulesAnswerWithTheirOwnCodes()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var absences = $"/api/v1/doctors/{flow.DoctorId}/absences";
        var today = Today;
        Task<HttpResponseMessage> AddAsync(string type, DateOnly start, DateOnly end) =>
            flow.Admin.PostAsJsonAsync(absences, new { absenceType = type, startDate = D(start), endDate = D(end), isFullDay = true });

        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "invalid_absence_dates", await AddAsync("PERSONAL", today.AddDays(5), today.AddDays(4)));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "absence_in_past", await AddAsync("PERSONAL", today.AddDays(-1), today.AddDays(1)));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await AddAsync("HOLIDAY", today.AddDays(1), today.AddDays(1)));
        await ApiFlow.Expect(HttpStatusCode.Created, await AddAsync("SICK_LEAVE", today.AddDays(3), today.AddDays(4)));
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "absence_overlap", await AddAsync("TRAINING", today.AddDays(4), today.AddDays(6)));
        await ApiFlow.Expect(HttpStatusCode.Created, await AddAsync("TRAINING", today.AddDays(5), today.AddDays(6)));
        Assert.Equal(2, (await ApiFlow.ListAsync(flow.Admin, absences)).GetArrayLength());
    }

    [Fact]
    public async Task AHolidayRemovesTheSlotsOfItsDateUntilItIsDeleted()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var date = Today.AddDays(5);
        const string holidays = "/api/v1/hospitals/current/holidays";

        var created = await flow.Admin.PostAsJsonAsync(holidays, new { name = "Founders' Day", date = D(date), isRecurring = false, description = "Closed" });
        var holiday = await ApiFlow.Expect(HttpStatusCode.Created, created);

        var id = holiday.GetProperty("id").GetGuid();
        Assert.Equal($"{holidays}/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal((D(date), false, true), (holiday.GetProperty("date").GetString(), holiday.GetProperty("isRecurring").GetBoolean(),
            holiday.GetProperty("isActive").GetBoolean()));
        var listed = await ApiFlow.ListAsync(flow.Admin, holidays);
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(0, (await SlotsOnAsync(flow, date)).GetArrayLength());
        Assert.Equal(SlotsPerDay, (await SlotsOnAsync(flow, date.AddDays(1))).GetArrayLength());
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "hospital_holiday", await BookAsync(flow, flow.PatientId, date, "10:00"));
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "holiday_exists",
            await flow.Admin.PostAsJsonAsync(holidays, new { name = "Twice", date = D(date) }));

        var removed = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.DeleteAsync($"{holidays}/{id}"));

        Assert.False(removed.GetProperty("isActive").GetBoolean());
        Assert.Equal(SlotsPerDay, (await SlotsOnAsync(flow, date)).GetArrayLength());
        await ApiFlow.Expect(HttpStatusCode.Created, await BookAsync(flow, flow.PatientId, date, "10:00"));

        // A recurring holiday entered with an earlier year closes the same month and day this year.
        await ApiFlow.Expect(HttpStatusCode.Created,
            await flow.Admin.PostAsJsonAsync(holidays, new { name = "Foundation Day", date = D(date.AddDays(1).AddYears(-3)), isRecurring = true }));
        Assert.Equal(0, (await SlotsOnAsync(flow, date.AddDays(1))).GetArrayLength());
    }
}
