using System.Net;
using System.Net.Http.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AuthTests(ApiFixture cluster)
{
    public static TheoryData<string, string> ProtectedRoutes => new()
    {
        { "POST", "/api/v1/hospitals" },
        { "GET", "/api/v1/hospitals/current" },
        { "POST", "/api/v1/doctors" },
        { "GET", $"/api/v1/doctors/{Guid.NewGuid()}" },
        { "POST", "/api/v1/patients" },
        { "GET", $"/api/v1/patients/{Guid.NewGuid()}" },
        { "POST", "/api/v1/appointments" },
        { "GET", $"/api/v1/appointments/{Guid.NewGuid()}" },
        { "GET", $"/api/v1/slots/doctor/{Guid.NewGuid()}/date/2026-03-30" },
        { "GET", "/api/v1/no-show/logs" },
    };

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task EveryRouteWithoutATokenIs401(string method, string path)
    {
        var response = await cluster.HttpWithToken(null).SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? JsonContent.Create(new { }) : null,
        });
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized", response);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIs401()
    {
        var forged = Tokens.For("h-x", "mallory", [Roles.HospitalAdmin], signingKey: "some-other-key-that-is-long-enough-000000");
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_token",
            await cluster.HttpWithToken(forged).GetAsync("/api/v1/hospitals/current"));
    }

    [Fact]
    public async Task ATokenClaimingTheSystemRoleIs401()
    {
        // SYSTEM is what deadlines and backup passes act as inside the cluster; a token carrying it, alone or
        // next to a person's role, is refused before any route sees it.
        foreach (var roles in new[] { new[] { Roles.System }, [Roles.HospitalAdmin, Roles.System] })
        {
            var token = Tokens.For("h-x", "mallory", roles);
            await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_token",
                await cluster.HttpWithToken(token).GetAsync("/api/v1/no-show/logs"));
        }
        await ApiFlow.Expect(HttpStatusCode.OK, await cluster.HttpWithToken(Tokens.For("h-x", "ada", [Roles.HospitalAdmin])).GetAsync("/api/v1/no-show/logs"));
    }

    [Fact]
    public async Task ATokenSpeakingForEveryTenantIs401()
    {
        // "*" is the tenant of the system's cross-tenant work (cron routes): a backup pass run for it covers every hospital.
        var token = Tokens.For(Caller.EveryTenant, "mallory", [Roles.HospitalAdmin]);
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_token", await cluster.HttpWithToken(token).PostAsync("/api/v1/no-show/trigger", null));
    }

    [Fact]
    public async Task AnExpiredTokenIs401()
    {
        var expired = Tokens.For("h-x", "old", [Roles.HospitalAdmin], expires: DateTime.UtcNow.AddMinutes(-5));
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_token",
            await cluster.HttpWithToken(expired).GetAsync("/api/v1/hospitals/current"));
    }

    [Fact]
    public async Task ATokenWithoutTenantIsForbidden()
    {
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = "u1", ["role"] = Roles.HospitalAdmin },
            Issuer = "hms-orleans",
            Audience = "hms-api",
            SigningCredentials = new(new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(Tokens.SigningKey)),
                Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await cluster.HttpWithToken(token).GetAsync("/api/v1/hospitals/current"));
    }

    /// <summary>The claims the README names for an HS256 token: sub, role, tenant_id, iss, aud and exp — each needed.</summary>
    [Theory]
    [InlineData(null, HttpStatusCode.NotFound)]
    [InlineData("iss", HttpStatusCode.Unauthorized)]
    [InlineData("aud", HttpStatusCode.Unauthorized)]
    [InlineData("exp", HttpStatusCode.Unauthorized)]
    public async Task ATokenWithTheReadmesClaimsIsAcceptedAndOneWithoutAnyOfThemIsNot(string? left, HttpStatusCode expected)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "u1", ["role"] = Roles.HospitalAdmin, ["tenant_id"] = "h-" + Guid.NewGuid().ToString("N")[..8],
            ["iss"] = "hms-orleans", ["aud"] = "hms-api", ["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(),
        };
        if (left is not null)
        {
            claims.Remove(left);
        }
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var token = handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new(new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(Tokens.SigningKey)),
                Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
        var response = await cluster.HttpWithToken(token).GetAsync("/api/v1/hospitals/current");
        Assert.Equal(expected, response.StatusCode); // 404: accepted, and the tenant has no hospital yet
    }

    [Theory]
    [InlineData(Roles.Patient)]
    [InlineData(Roles.Nurse)]
    [InlineData(Roles.Manager)]
    public async Task OnlyHospitalAdminsRegisterDoctors(string role)
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var response = await cluster.Http(flow.TenantId, role).PostAsJsonAsync("/api/v1/doctors",
            new { firstName = "A", lastName = "B", slotDuration = 30 });
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", response);
    }

    [Theory]
    [InlineData(Roles.Patient)]
    [InlineData(Roles.Nurse)]
    public async Task NoShowLogsNeedAdminDoctorOrReceptionist(string role)
    {
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden",
            await cluster.Http("h-any", role).GetAsync("/api/v1/no-show/logs"));
    }

    [Fact]
    public async Task AnotherTenantsRecordsAreNotFound()
    {
        var mine = await ApiFlow.CreateAsync(cluster);
        var theirs = await ApiFlow.CreateAsync(cluster);
        var date = DateOnly.FromDateTime(cluster.Clock.GetUtcNow().AddDays(2).UtcDateTime).ToString("yyyy-MM-dd");
        var booked = await ApiFlow.Expect(HttpStatusCode.Created, await theirs.Admin.PostAsJsonAsync("/api/v1/appointments",
            new { patientId = theirs.PatientId, doctorId = theirs.DoctorId, appointmentDate = date, startTime = "10:00" }));
        var appointmentId = booked.GetProperty("id").GetString();

        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "appointment_not_found", await mine.Admin.GetAsync($"/api/v1/appointments/{appointmentId}"));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "doctor_not_found", await mine.Admin.GetAsync($"/api/v1/doctors/{theirs.DoctorId}"));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "patient_not_found", await mine.Admin.GetAsync($"/api/v1/patients/{theirs.PatientId}"));
        // Booking with another tenant's patient or doctor is refused as if they did not exist.
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "patient_not_found", await mine.Admin.PostAsJsonAsync("/api/v1/appointments",
            new { patientId = theirs.PatientId, doctorId = mine.DoctorId, appointmentDate = date, startTime = "11:00" }));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "doctor_not_found", await mine.Admin.PostAsJsonAsync("/api/v1/appointments",
            new { patientId = mine.PatientId, doctorId = theirs.DoctorId, appointmentDate = date, startTime = "11:00" }));
    }

    [Fact]
    public async Task AHospitalCanOnlyBeRegisteredOnceAndOnlyByItsTenant()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "hospital_exists",
            await flow.Admin.PostAsJsonAsync("/api/v1/hospitals", new { name = "Again", timeZone = "Europe/Berlin" }));
    }
}
