using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Hms.Bench.Cluster;

/// <summary>
/// The REST API as a hospital's client uses it: a token per hospital (from the local dev-token
/// route), hospitals, doctors working every day, patients and bookings.
/// </summary>
public sealed class HospitalApi(Uri address) : ApiClient(address)
{
    public async Task<Hospital> CreateHospitalAsync(string tenantId, string timeZone = "Etc/UTC")
    {
        var token = await Expect(HttpStatusCode.OK, await Http.PostAsJsonAsync("/api/dev/token",
            new { sub = "bench-admin", roles = new[] { "HOSPITAL_ADMIN", "RECEPTIONIST" }, tenantId, expiresInMinutes = 1440 }));
        var hospital = new Hospital(tenantId, new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString()));
        await Expect(HttpStatusCode.Created, await SendAsync(hospital, HttpMethod.Post, "/api/v1/hospitals", new { name = "Bench " + tenantId, timeZone }));
        return hospital;
    }

    public async Task<string> AddDoctorAsync(Hospital hospital, int slotDuration, string startTime = "00:00", string endTime = "23:59")
    {
        var days = Enum.GetNames<DayOfWeek>().Select(d => new { dayOfWeek = d.ToUpperInvariant(), startTime, endTime });
        var doctor = await Expect(HttpStatusCode.Created, await SendAsync(hospital, HttpMethod.Post, "/api/v1/doctors",
            new { firstName = "Bench", lastName = "Doctor", slotDuration, maxPatientsPerDay = 2000, schedules = days }));
        return doctor.GetProperty("id").GetString()!;
    }

    public async Task<string> AddPatientAsync(Hospital hospital)
    {
        var patient = await Expect(HttpStatusCode.Created, await SendAsync(hospital, HttpMethod.Post, "/api/v1/patients",
            new { firstName = "Bench", lastName = "Patient", mrn = "B-" + Guid.NewGuid().ToString("N")[..12] }));
        return patient.GetProperty("id").GetString()!;
    }

    /// <summary>One booking, timed: the status code and the milliseconds it took.</summary>
    public async Task<(HttpStatusCode Status, double Ms)> BookAsync(Hospital hospital, string patientId, string doctorId, DateOnly date, TimeOnly start)
    {
        var clock = Stopwatch.StartNew();
        using var response = await SendAsync(hospital, HttpMethod.Post, "/api/v1/appointments", new
        {
            patientId, doctorId, appointmentDate = date.ToString("yyyy-MM-dd"), startTime = start.ToString("HH:mm"),
        });
        await response.Content.LoadIntoBufferAsync();
        return (response.StatusCode, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>A staff member with an e-mail address and a patient-experience department they belong to.</summary>
    public async Task AddPxDepartmentAsync(Hospital hospital, string code, string memberId)
    {
        await Expect(HttpStatusCode.OK, await SendAsync(hospital, HttpMethod.Put, $"/api/v1/staff/{memberId}",
            new { firstName = "Bench", lastName = "Nurse", roles = new[] { "NURSE" }, email = $"{memberId}@example.org" }));
        await Expect(HttpStatusCode.OK, await SendAsync(hospital, HttpMethod.Put, $"/api/patient-experience/departments/{code}",
            new { name = code, memberIds = new[] { memberId } }));
    }

    /// <summary>Opens one PX case, timed: the status code and the milliseconds it took.</summary>
    public async Task<(HttpStatusCode Status, double Ms)> OpenPxCaseAsync(Hospital hospital, string department, DateTimeOffset dueAt)
    {
        var clock = Stopwatch.StartNew();
        using var response = await SendAsync(hospital, HttpMethod.Post, "/api/patient-experience/cases", new
        {
            title = "Bench complaint", department, priority = "HIGH",
            dueAt = dueAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        });
        await response.Content.LoadIntoBufferAsync();
        return (response.StatusCode, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>An organization of KPI alerts: only a MANAGER token, no hospital record.</summary>
    public async Task<Hospital> CreateOrganizationAsync(string tenantId)
    {
        var token = await Expect(HttpStatusCode.OK, await Http.PostAsJsonAsync("/api/dev/token",
            new { sub = "bench-manager", roles = new[] { "MANAGER" }, tenantId, expiresInMinutes = 1440 }));
        return new Hospital(tenantId, new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString()));
    }

    public async Task PushKpiValueAsync(Hospital organization, string metric, DateTimeOffset at, decimal value) =>
        await Expect(HttpStatusCode.Created, await SendAsync(organization, HttpMethod.Post, $"/api/v1/kpis/{metric}/values",
            new { value, timestamp = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) }));

    /// <summary>An hourly report of <paramref name="metric"/> at <paramref name="minute"/> (UTC), timed.</summary>
    public async Task<(HttpStatusCode Status, double Ms)> CreateHourlyReportAsync(Hospital organization, string metric, int minute, string attachmentType)
    {
        var clock = Stopwatch.StartNew();
        using var response = await SendAsync(organization, HttpMethod.Post, "/api/v1/kpi-alerts", new
        {
            name = "Bench " + metric, dashboardId = "bench", graphId = "bench", metric, recipients = new[] { "ops@example.org" }, type = "schedule",
            schedule = new { frequency = "HOURLY", minute, timeZone = "Etc/UTC", attachmentType },
        });
        await response.Content.LoadIntoBufferAsync();
        return (response.StatusCode, clock.Elapsed.TotalMilliseconds);
    }

    private Task<HttpResponseMessage> SendAsync(Hospital hospital, HttpMethod method, string path, object body) =>
        SendAsync(hospital.Token, method, path, body);
}

public sealed record Hospital(string TenantId, AuthenticationHeaderValue Token);

/// <summary>A hospital group: hospitals, each with doctors and one patient per doctor.</summary>
public sealed record Staffed(Hospital Hospital, string DoctorId, string PatientId);

public static class Seeding
{
    /// <summary>Creates <paramref name="hospitals"/> hospitals with <paramref name="doctorsEach"/> doctors and as many patients.</summary>
    public static async Task<List<Staffed>> HospitalGroupAsync(HospitalApi api, string prefix, int hospitals, int doctorsEach,
        int slotDuration, int parallelism = 32)
    {
        var created = new List<Hospital>();
        foreach (var i in Enumerable.Range(0, hospitals))
        {
            created.Add(await api.CreateHospitalAsync($"{prefix}-{i:D3}"));
        }
        var pairs = new System.Collections.Concurrent.ConcurrentBag<Staffed>();
        var work = created.SelectMany(h => Enumerable.Repeat(h, doctorsEach));
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (hospital, _) =>
        {
            var doctor = await api.AddDoctorAsync(hospital, slotDuration);
            var patient = await api.AddPatientAsync(hospital);
            pairs.Add(new Staffed(hospital, doctor, patient));
        });
        return [.. pairs.OrderBy(p => p.Hospital.TenantId).ThenBy(p => p.DoctorId, StringComparer.Ordinal)];
    }
}
