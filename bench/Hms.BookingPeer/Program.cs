using System.Globalization;
using System.Security.Claims;
using System.Text;
using Hms.BookingPeer;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

// The peer of bench/run.sh booking: the same route, body and bearer tokens as src/Hms.Api (tokens are
// checked with the API's HS256 key, issuer and audience, src/Hms.Api/Auth/AuthSetup.cs), so the same
// load generator drives both. Settings: ConnectionStrings__Peer, Auth__SigningKey, ASPNETCORE_URLS.
var builder = WebApplication.CreateBuilder(args);
var key = builder.Configuration["Auth:SigningKey"] ?? throw new InvalidOperationException("Set Auth__SigningKey.");
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
{
    o.MapInboundClaims = false;
    o.TokenValidationParameters = new TokenValidationParameters
    {
        ValidIssuer = "hms-orleans",
        ValidAudience = "hms-api",
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
    };
});
builder.Services.AddAuthorizationBuilder().SetDefaultPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
    .RequireAuthenticatedUser().RequireClaim("sub").RequireClaim("tenant_id").Build());
var database = NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("Peer")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Peer."));
builder.Services.AddSingleton(database);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<Booker>();

var app = builder.Build();
await Schema.CreateAsync(database);
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health/ready", () => "ready");
app.MapGet("/retries", () => new { serialization = Booker.Retries.Serialization, unique = Booker.Retries.Unique, givenUp = Booker.Retries.GivenUp });
app.MapPost("/api/v1/appointments", async (BookRequest request, ClaimsPrincipal user, Booker booker) =>
{
    if (request.PatientId is not { Length: > 0 } patientId || request.DoctorId is not { Length: > 0 } doctorId
        || !DateOnly.TryParseExact(request.AppointmentDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        || !TimeOnly.TryParseExact(request.StartTime, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
    {
        return Results.Problem(statusCode: 400, extensions: new Dictionary<string, object?> { ["code"] = "validation_failed" });
    }
    var outcome = await booker.BookAsync(user.FindFirstValue("tenant_id")!, patientId, doctorId, date, start);
    return outcome.AppointmentId is { } id
        ? Results.Created($"/api/v1/appointments/{id}", new
        {
            id, patientId, doctorId, appointmentDate = request.AppointmentDate, startTime = request.StartTime, status = "SCHEDULED",
        })
        : Results.Problem(statusCode: outcome.Status, extensions: new Dictionary<string, object?> { ["code"] = outcome.Code });
}).RequireAuthorization();

app.Run();
