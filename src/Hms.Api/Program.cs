using System.Text.Json.Serialization;
using Hms.Api.Appointments;
using Hms.Api.Auth;
using Hms.Api.Consultations;
using Hms.Api.Doctors;
using Hms.Api.Hosting;
using Hms.Api.Hospitals;
using Hms.Api.NoShow;
using Hms.Api.Notifications;
using Hms.Api.PatientExperience;
using Hms.Api.Patients;
using Hms.Api.Problems;
using Hms.Api.Scheduling;

var builder = WebApplication.CreateBuilder(args);
builder.AddHmsOrleansClient();
builder.AddHmsAuth();
builder.AddProblems();
builder.AddApiDocs();
builder.AddApiHealth();
builder.AddApiTelemetry();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

var app = builder.Build();
app.UseProblems();
app.UseAuthentication();
app.UseAuthorization();
app.MapApiDocs();
app.MapApiHealth();
app.MapDevTokenEndpoints();
app.MapHospitalEndpoints();
app.MapDoctorEndpoints();
app.MapPatientEndpoints();
app.MapSlotEndpoints();
app.MapAppointmentEndpoints();
app.MapConsultationEndpoints();
app.MapNoShowEndpoints(app.Configuration);
app.MapStaffEndpoints();
app.MapNotificationEndpoints();
app.MapPxCaseEndpoints();
app.MapPxSlaEndpoints(app.Configuration);
app.MapPxSetupEndpoints();
app.Run();

/// <summary>The API's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
