using System.Net;
using System.Net.Http.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

/// <summary>
/// Every route the API maps: no token is 401, a role the route does not admit is
/// 403, and another tenant's ids are never served or changed.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RouteSecurityTests(ApiFixture cluster)
{
    [Fact]
    public async Task EveryRouteButTheMachineAndDevelopmentOnesNeedsAToken()
    {
        var routes = RouteTable.Of(cluster);
        Assert.True(routes.Count >= 50, $"the endpoint table lists {routes.Count} routes");
        // The machine triggers and the SMS gateway bring their own secret (tested in NoShowCheckApiTests, PxCaseApiTests, HotelJobApiTests,
        // ReminderReplyApiTests), a reminder link is its own credential (ReminderReplyApiTests); dev tokens are off here.
        Assert.Equal(["POST /api/cron/check-no-shows", "POST /api/cron/daily-housekeeping", "POST /api/cron/generate-invoices",
            "POST /api/cron/maintenance-schedule", "GET /api/cron/patient-experience/run-sla", "POST /api/cron/patient-experience/run-sla",
            "POST /api/cron/recalc-availability",
            "GET /api/v1/appointment-links/{token}", "POST /api/v1/appointment-links/{token}", "POST /api/v1/no-show/external-trigger",
            "POST /api/v1/sms/inbound"],
            routes.Where(r => r.Anonymous).Select(r => r.ToString()));

        var wrong = new List<string>();
        foreach (var route in routes.Where(r => !r.Anonymous))
        {
            var response = await cluster.HttpWithToken(null).SendAsync(Request(route, route.Path((_, _) => Guid.NewGuid().ToString())));
            if (response.StatusCode != HttpStatusCode.Unauthorized || !(await response.Content.ReadAsStringAsync()).Contains("\"unauthorized\""))
            {
                wrong.Add($"{route}: {(int)response.StatusCode}");
            }
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task EveryRoleRestrictedRouteRefusesTheOtherRoles()
    {
        var tenant = await ApiFlow.CreateAsync(cluster);
        var wrong = new List<string>();
        var checkedRoutes = 0;
        foreach (var route in RouteTable.Of(cluster).Where(r => !r.Anonymous))
        {
            if (RouteTable.RefusedRole(route) is not { } role)
            {
                continue;
            }
            checkedRoutes++;
            var path = route.Path(tenant.RouteValue);
            var response = await cluster.Http(tenant.TenantId, role).SendAsync(Request(route, path));
            if (response.StatusCode != HttpStatusCode.Forbidden || !(await response.Content.ReadAsStringAsync()).Contains("\"forbidden\""))
            {
                wrong.Add($"{route} as {role}: {(int)response.StatusCode}");
            }
        }
        Assert.True(checkedRoutes >= 40, $"{checkedRoutes} routes restrict roles");
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task AnotherTenantsIdsAreNeitherServedNorChangedOnAnyRoute()
    {
        var victim = await ApiFlow.CreateAsync(cluster, "Europe/Berlin", slotDuration: 30);
        await victim.SeedEveryKindOfRecordAsync(cluster);
        var intruder = await ApiFlow.CreateAsync(cluster);
        var everyRole = cluster.Http(intruder.TenantId, [.. Roles.All.Where(r => r != Roles.System)]);
        var before = await ReadModelSnapshot.TakeAsync(cluster.ConnectionString, victim.TenantId);

        var wrong = new List<string>();
        var aimed = RouteTable.Of(cluster).Where(r => !r.Anonymous && r.Pattern.Contains('{')).ToList();
        Assert.True(aimed.Count >= 30, $"{aimed.Count} routes take ids");
        foreach (var route in aimed)
        {
            var path = route.Path(victim.RouteValue);
            var response = await everyRole.SendAsync(Request(route, path, PlausibleBody(route, victim)));
            // A staff record (keyed by a token subject), a PX department (by code) and a KPI metric (by key) live in the
            // caller's own tenant: theirs.
            var callersOwn = route.Pattern is "/api/v1/staff/{userId}" or "/api/patient-experience/departments/{code}" or "/api/v1/kpis/{metricKey}/values";
            if ((response.IsSuccessStatusCode && !callersOwn) || (int)response.StatusCode >= 500)
            {
                wrong.Add($"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        // Ids in a body: booking with the victim's patient and doctor.
        var booking = await everyRole.PostAsJsonAsync("/api/v1/appointments", new
        {
            patientId = victim.PatientId, doctorId = victim.DoctorId, appointmentDate = victim.Seeded["date"], startTime = "11:00",
        });
        Assert.Equal(HttpStatusCode.NotFound, booking.StatusCode);
        await intruder.AddPxDepartmentAsync("INTRUDERS");
        var pxCase = await everyRole.PostAsJsonAsync("/api/patient-experience/cases", new
        {
            title = "Intruder", department = "INTRUDERS", patientId = victim.PatientId, dueAt = ApiFlow.Instant(cluster.Clock.GetUtcNow().AddDays(1)),
        });
        Assert.Equal(HttpStatusCode.NotFound, pxCase.StatusCode);

        Assert.Empty(wrong);
        Assert.Equal(before, await ReadModelSnapshot.TakeAsync(cluster.ConnectionString, victim.TenantId));
    }

    /// <summary>A body that would pass validation, so the refusal comes from the tenant check itself.</summary>
    private static object? PlausibleBody(ApiRoute route, ApiFlow victim)
    {
        var date = victim.Seeded["date"];
        return $"{route.Method} {route.Pattern}" switch
        {
            "PATCH /api/v1/slots/{slotId}/block" => new { isBlocked = true, reason = "Intruder" },
            "POST /api/v1/no-show/{appointmentId:guid}" => new { reason = "MANUAL_STAFF" },
            "PATCH /api/v1/appointments/{id:guid}" => new { appointmentDate = date, startTime = "12:00" },
            "PATCH /api/v1/appointments/{id:guid}/status" => new { status = "CONFIRMED" },
            "POST /api/v1/appointments/{id:guid}/vitals" => new { systolicBp = 120, diastolicBp = 80, heartRate = 70 },
            "POST /api/v1/doctors/{id:guid}/absences" => new { absenceType = "LEAVE", startDate = date, endDate = date, isFullDay = true },
            "PATCH /api/v1/doctors/{id:guid}/absences/{absenceId:guid}" => new { reason = "Intruder" },
            "PATCH /api/v1/doctors/{id:guid}" => new { isAvailable = false },
            "PUT /api/v1/doctors/{id:guid}/schedules" => new { schedules = new[] { new { dayOfWeek = "MONDAY", startTime = "09:00", endTime = "17:00" } } },
            "PUT /api/v1/staff/{userId}" => new { firstName = "Eve", lastName = "Intruder", roles = new[] { Roles.Nurse } },
            "PATCH /api/v1/consultations/{id:guid}" => new { chiefComplaint = "Intruder" },
            "PATCH /api/patient-experience/cases/{id:guid}" => new { title = "Intruder", status = "CLOSED" },
            "PUT /api/patient-experience/departments/{code}" => new { name = "Intruder" },
            "PATCH /api/v1/kpi-alerts/{id:guid}" => new { name = "Intruder", isActive = false, recipients = new[] { "eve@example.org" } },
            "POST /api/v1/kpis/{metricKey}/values" => new { value = 1, timestamp = "2026-03-27T08:00:00Z" },
            "POST /api/v1/consultations/{id:guid}/abandon" => new { reason = "Intruder" },
            "POST /api/v1/consultations/{id:guid}/participants" => new { doctorId = victim.DoctorId, role = "ASSISTING" },
            _ => null,
        };
    }

    private static HttpRequestMessage Request(ApiRoute route, string path, object? body = null) =>
        new(new HttpMethod(route.Method), path) { Content = route.HasBody ? JsonContent.Create(body ?? new { }) : null };
}
