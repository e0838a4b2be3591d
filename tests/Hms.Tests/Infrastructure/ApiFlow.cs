using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hms.Common;

namespace Hms.Tests.Infrastructure;

/// <summary>A hospital set up through the HTTP API, with an admin client, for API tests.</summary>
public sealed class ApiFlow
{
    private ApiFlow(string tenantId, HttpClient admin)
    {
        TenantId = tenantId;
        Admin = admin;
    }

    public string TenantId { get; }

    public HttpClient Admin { get; }

    public string DoctorId { get; private set; } = "";

    public string PatientId { get; private set; } = "";

    /// <summary>Ids of the records <see cref="SeedEveryKindOfRecordAsync"/> created, by kind.</summary>
    public Dictionary<string, string> Seeded { get; } = [];

    public static Task<ApiFlow> CreateAsync(ApiFixture cluster, string timeZone = "Europe/Berlin", int slotDuration = 30) =>
        CreateAsync(cluster.Http, timeZone, slotDuration);

    /// <summary>Registers a hospital, a doctor working every day and a patient through the API.</summary>
    public static async Task<ApiFlow> CreateAsync(Func<string, string[], HttpClient> http, string timeZone, int slotDuration)
    {
        var tenant = "h-" + Guid.NewGuid().ToString("N")[..12];
        var flow = new ApiFlow(tenant, http(tenant, [Roles.HospitalAdmin, Roles.Receptionist]));
        await Expect(HttpStatusCode.Created, await flow.Admin.PostAsJsonAsync("/api/v1/hospitals", new { name = "General " + tenant, timeZone }));
        flow.DoctorId = await flow.AddDoctorAsync(slotDuration);
        flow.PatientId = await flow.AddPatientAsync();
        return flow;
    }

    public async Task<string> AddDoctorAsync(int slotDuration, string endTime = "23:59", int maxPatientsPerDay = 2000)
    {
        var days = Enum.GetNames<DayOfWeek>().Select(d => new { dayOfWeek = d.ToUpperInvariant(), startTime = "00:00", endTime });
        var doctor = await Expect(HttpStatusCode.Created, await Admin.PostAsJsonAsync("/api/v1/doctors",
            new { firstName = "Anagha", lastName = "Vijay", slotDuration, maxPatientsPerDay, schedules = days }));
        return doctor.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Books an appointment two days ahead for a patient of its own: every grain and connection a booking
    /// uses is up afterwards, so a test that then books against a deadline seconds away is not slowed by warm-up.
    /// </summary>
    public async Task WarmUpBookingAsync() =>
        await BookAsync(await AddPatientAsync(), DoctorId, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(2)), new TimeOnly(10, 0));

    public async Task<string> AddPatientAsync()
    {
        var patient = await Expect(HttpStatusCode.Created, await Admin.PostAsJsonAsync("/api/v1/patients",
            new { firstName = "Roy", lastName = "Anindya", mrn = "HMS001-" + Guid.NewGuid().ToString("N")[..8] }));
        return patient.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// An appointment, an absence, a holiday and a slot id, so tests can aim every route at real
    /// records of this hospital (ids in <see cref="Seeded"/>).
    /// </summary>
    public async Task SeedEveryKindOfRecordAsync(ApiFixture cluster)
    {
        var date = DateOnly.FromDateTime(cluster.Clock.GetUtcNow().AddDays(3).UtcDateTime);
        var day = date.ToString("yyyy-MM-dd");
        Seeded["date"] = day;
        Seeded["appointment"] = (await BookAsync(PatientId, DoctorId, date, new TimeOnly(10, 0))).ToString();
        var absence = await Expect(HttpStatusCode.Created, await Admin.PostAsJsonAsync($"/api/v1/doctors/{DoctorId}/absences", new
        {
            absenceType = "CONFERENCE", startDate = day, endDate = day, isFullDay = false, startTime = "14:00", endTime = "15:00", reason = "Congress",
        }));
        Seeded["absence"] = absence.GetProperty("id").GetString()!;
        var holiday = await Expect(HttpStatusCode.Created, await Admin.PostAsJsonAsync("/api/v1/hospitals/current/holidays",
            new { name = "Founders' Day", date = date.AddDays(5).ToString("yyyy-MM-dd"), isRecurring = false }));
        Seeded["holiday"] = holiday.GetProperty("id").GetString()!;
        var slots = await ListAsync(Admin, $"/api/v1/slots/doctor/{DoctorId}/date/{day}");
        Seeded["slot"] = slots.EnumerateArray().First().GetProperty("id").GetString()!;
        await AddStaffAsync("px-lead", Roles.Supervisor);
        Seeded["department"] = await AddPxDepartmentAsync("CATERING", "px-lead");
        Seeded["pxCase"] = (await OpenPxCaseAsync("CATERING", cluster.Clock.GetUtcNow().AddDays(2))).GetProperty("id").GetString()!;
        Seeded["kpiAlert"] = (await CreateKpiAlertAsync("er.visits")).GetProperty("id").GetString()!;
        await Expect(HttpStatusCode.Created, await Admin.PostAsJsonAsync("/api/v1/kpis/er.visits/values",
            new { value = 12.5, timestamp = Instant(cluster.Clock.GetUtcNow()) }));
        await SeedHotelAsync(cluster, date);
    }

    /// <summary>The tenant is also a hotel: a room type, two rooms, a reservation (its folio), equipment with a work order, a task, a job run.</summary>
    private async Task SeedHotelAsync(ApiFixture cluster, DateOnly date)
    {
        var hotel = cluster.Http(TenantId, Roles.HotelAdmin, Roles.FrontDesk);
        await Expect(HttpStatusCode.Created, await hotel.PostAsJsonAsync("/api/v1/hotels", new { name = "Hotel " + TenantId, timeZone = "Europe/Berlin" }));
        var type = await Expect(HttpStatusCode.Created, await hotel.PostAsJsonAsync("/api/v1/hotels/current/room-types",
            new { code = "DBL", name = "Double", nightlyRate = 120, currency = "EUR" }));
        Seeded["roomType"] = type.GetProperty("id").GetString()!;
        Seeded["room"] = (await Expect(HttpStatusCode.Created, await hotel.PostAsJsonAsync("/api/v1/hotels/current/rooms",
            new { number = "101", roomTypeId = Seeded["roomType"], floor = 1, status = "DIRTY" }))).GetProperty("id").GetString()!;
        await Expect(HttpStatusCode.Created, await hotel.PostAsJsonAsync("/api/v1/hotels/current/rooms", new { number = "102", roomTypeId = Seeded["roomType"] }));
        Seeded["reservation"] = (await Expect(HttpStatusCode.Created, await hotel.PostAsJsonAsync("/api/v1/hotels/current/reservations", new
        {
            guestName = "Ada Lovelace", guestEmail = "ada@example.org", roomTypeId = Seeded["roomType"], arrivalDate = date.ToString("yyyy-MM-dd"),
            departureDate = date.AddDays(2).ToString("yyyy-MM-dd"), guaranteed = true,
        }))).GetProperty("id").GetString()!;
        var equipment = await Expect(HttpStatusCode.Created, await hotel.PostAsJsonAsync("/api/v1/hotels/current/equipment", new
        {
            name = "Boiler", location = "Basement", maintenanceIntervalDays = 30, lastMaintainedOn = date.AddDays(-40).ToString("yyyy-MM-dd"),
        }));
        Seeded["equipment"] = equipment.GetProperty("id").GetString()!;
        Seeded["workOrder"] = equipment.GetProperty("openWorkOrderId").GetString()!; // already due: opened at once
        await hotel.PutAsJsonAsync($"/api/v1/hotels/current/staff/keeper-{TenantId}", new { name = "Ana", roles = new[] { Roles.Housekeeper } });
        var round = await Expect(HttpStatusCode.OK, await hotel.PostAsync("/api/jobs/trigger/daily-housekeeping", null));
        Seeded["job"] = round.GetProperty("job").GetProperty("id").GetString()!;
        var tasks = await Expect(HttpStatusCode.OK, await hotel.GetAsync("/api/v1/hotels/current/housekeeping/tasks"));
        Seeded["task"] = tasks.GetProperty("data")[0].GetProperty("id").GetString()!;
    }

    /// <summary>A staff member (user id = token subject) with an e-mail address.</summary>
    public async Task AddStaffAsync(string userId, string role) =>
        await Expect(HttpStatusCode.OK, await Admin.PutAsJsonAsync($"/api/v1/staff/{userId}",
            new { firstName = "Staff", lastName = userId, roles = new[] { role }, email = $"{userId}@example.org" }));

    /// <summary>A patient-experience department whose members hear of its cases; returns its code.</summary>
    public async Task<string> AddPxDepartmentAsync(string code, params string[] memberIds)
    {
        var saved = await Expect(HttpStatusCode.OK, await Admin.PutAsJsonAsync($"/api/patient-experience/departments/{code}",
            new { name = code + " department", memberIds }));
        return saved.GetProperty("code").GetString()!;
    }

    public async Task<JsonElement> OpenPxCaseAsync(string department, DateTimeOffset dueAt, string title = "Cold food on ward 3") =>
        await Expect(HttpStatusCode.Created, await Admin.PostAsJsonAsync("/api/patient-experience/cases", new
        {
            title, description = "Dinner arrived cold", department, priority = "HIGH", dueAt = Instant(dueAt),
        }));

    /// <summary>A daily CSV report of <paramref name="metric"/> at 08:00 in Berlin, to two addresses.</summary>
    public async Task<JsonElement> CreateKpiAlertAsync(string metric, string name = "ER visits, daily") =>
        await Expect(HttpStatusCode.Created, await Admin.PostAsJsonAsync("/api/v1/kpi-alerts", new
        {
            name, dashboardId = "dash-1", graphId = "graph-1", metric, recipients = new[] { "ops@example.org", "lead@example.org" },
            type = "schedule",
            schedule = new { frequency = "DAILY", hour = 8, minute = 0, timeZone = "Europe/Berlin", attachmentType = "CSV" },
        }));

    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A value for a route parameter, aimed at this hospital's records: its doctor, patient and the
    /// seeded records by name (route group for a bare "id"), a fresh id for anything else.
    /// </summary>
    public string RouteValue(string group, string name) => (group, name) switch
    {
        (_, "doctorId") or ("doctors", "id") => DoctorId,
        (_, "patientId") or ("patients", "id") => PatientId,
        (_, "appointmentId") or ("appointments", "id") => Seeded.GetValueOrDefault("appointment", Guid.NewGuid().ToString()),
        (_, "absenceId") => Seeded.GetValueOrDefault("absence", Guid.NewGuid().ToString()),
        (_, "holidayId") => Seeded.GetValueOrDefault("holiday", Guid.NewGuid().ToString()),
        (_, "slotId") => Seeded.GetValueOrDefault("slot", "no-such-slot"),
        ("patient-experience", "id") => Seeded.GetValueOrDefault("pxCase", Guid.NewGuid().ToString()),
        ("kpi-alerts", "id") => Seeded.GetValueOrDefault("kpiAlert", Guid.NewGuid().ToString()),
        (_, "metricKey") => "er.visits",
        (_, "code") => Seeded.GetValueOrDefault("department", "NONE"),
        (_, "date") => Seeded.GetValueOrDefault("date", "2026-03-30"),
        (_, "userId") => "someone",
        (_, "roomTypeId") => Seeded.GetValueOrDefault("roomType", Guid.NewGuid().ToString()),
        (_, "roomId") => Seeded.GetValueOrDefault("room", Guid.NewGuid().ToString()),
        ("hotels", "id") => Seeded.GetValueOrDefault("reservation", Guid.NewGuid().ToString()),
        (_, "equipmentId") => Seeded.GetValueOrDefault("equipment", Guid.NewGuid().ToString()),
        (_, "workOrderId") => Seeded.GetValueOrDefault("workOrder", Guid.NewGuid().ToString()),
        (_, "taskId") => Seeded.GetValueOrDefault("task", Guid.NewGuid().ToString()),
        (_, "jobId") => Seeded.GetValueOrDefault("job", Guid.NewGuid().ToString()),
        (_, "jobName") => "daily-housekeeping",
        _ => Guid.NewGuid().ToString(),
    };

    /// <summary>Books through the API; returns the appointment's id.</summary>
    /// <summary>
    /// Books this flow's patient into the 30-minute slot of the next 20 minutes (tomorrow at 09:00, with the
    /// clock moved to 08:50, when that is past 22:30) in <paramref name="timeZone"/>, and checks them in now.
    /// Its NO_VITALS alert is due at the slot's start + 35 minutes (the returned instant).
    /// </summary>
    public async Task<(string AppointmentId, DateTimeOffset VitalsDue)> CheckInSoonAsync(
        Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, string timeZone)
    {
        var zone = ZonedTime.Zone(timeZone);
        var local = ZonedTime.ToLocal(clock.GetUtcNow().AddMinutes(20), zone);
        var date = DateOnly.FromDateTime(local);
        var start = new TimeOnly(local.Hour, local.Minute >= 30 ? 30 : 0);
        if (start > new TimeOnly(22, 30))
        {
            (date, start) = (date.AddDays(1), new TimeOnly(9, 0));
            clock.SetUtcNow(ZonedTime.ToInstant(date, new TimeOnly(8, 50), zone));
        }
        var id = (await BookAsync(PatientId, DoctorId, date, start)).ToString();
        await Expect(HttpStatusCode.OK, await Admin.PostAsync($"/api/v1/appointments/{id}/check-in", null));
        return (id, ZonedTime.ToInstant(date, start, zone).AddMinutes(35));
    }

    public async Task<Guid> BookAsync(string patientId, string doctorId, DateOnly date, TimeOnly start)
    {
        var booked = await Expect(HttpStatusCode.Created, await Admin.PostAsJsonAsync("/api/v1/appointments", new
        {
            patientId, doctorId, appointmentDate = date.ToString("yyyy-MM-dd"), startTime = start.ToString("HH:mm"),
        }));
        return booked.GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Every item of a list route, page by page (500 at a time), checking each page is the API's
    /// <c>{ data, total, limit, offset }</c>; the items as one JSON array.
    /// </summary>
    public static async Task<JsonElement> ListAsync(HttpClient http, string url)
    {
        var items = new List<JsonElement>();
        var total = int.MaxValue;
        while (items.Count < total)
        {
            var page = await Expect(HttpStatusCode.OK,
                await http.GetAsync($"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}limit=500&offset={items.Count}"));
            total = page.GetProperty("total").GetInt32();
            Assert.Equal((500, items.Count), (page.GetProperty("limit").GetInt32(), page.GetProperty("offset").GetInt32()));
            var data = page.GetProperty("data").EnumerateArray().ToList();
            if (data.Count == 0)
            {
                break;
            }
            items.AddRange(data);
        }
        Assert.True(items.Count == total || total == int.MaxValue, $"{url}: {items.Count} items of {total}");
        return JsonSerializer.SerializeToElement(items);
    }

    public static async Task<JsonElement> Expect(HttpStatusCode status, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem response with the given status and code.</summary>
    public static async Task<JsonElement> ExpectProblem(HttpStatusCode status, string code, HttpResponseMessage response)
    {
        var problem = await Expect(status, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}
