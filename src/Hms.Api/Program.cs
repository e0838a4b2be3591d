using Hms.Api.Auth;
using Hms.Api.Hosting;
using Hms.Api.Http;
using Hms.Api.Jobs;
using Hms.Api.Notifications;
using Hms.Api.Problems;

var builder = WebApplication.CreateBuilder(args);
builder.AddHmsOrleansClient();
builder.AddHmsAuth();
builder.AddProblems();
builder.AddApiDocs();
builder.AddApiHealth();
builder.AddApiTelemetry();
builder.AddRateLimits();
builder.Services.AddSingleton(TimeProvider.System);
// Typed request fields, read strictly; unknown fields refused (Http/JsonContract.cs).
builder.Services.ConfigureHttpJsonOptions(o => JsonContract.Apply(o.SerializerOptions));

var app = builder.Build();
app.UseRequestLog();
app.UseProblems();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter(); // after authentication: limits are per user and tenant
app.MapApiDocs();
app.MapApiHealth();
app.MapDevTokenEndpoints();
app.MapNotificationEndpoints();
app.MapJobRunEndpoints();
// Every capability's routes (appointments, NO_SHOW, PX cases, KPI alerts, …): see Hosting/ApiCapabilities.cs.
app.MapCapabilities();
app.Run();

/// <summary>The API's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
