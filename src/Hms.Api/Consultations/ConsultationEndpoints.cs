using System.Collections.Immutable;
using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Consultations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Consultations;

/// <summary>Consultations; a consultation's id is its appointment's id.</summary>
public static class ConsultationEndpoints
{
    public sealed record StartRequest(Guid? AppointmentId, string? ChiefComplaint = null);

    /// <summary>A diagnosis: its text and, optionally, a code (e.g. ICD-10).</summary>
    public sealed record DiagnosisBody(string? Description, string? Code = null);

    /// <summary>A change to a consultation in progress: fields left out keep their value; <c>diagnoses</c> replaces the list.</summary>
    public sealed record UpdateRequest(string? ChiefComplaint = null, DiagnosisBody[]? Diagnoses = null, string? Notes = null);

    public sealed record AbandonRequest(string? Reason = null);

    public sealed record ParticipantRequest(Guid? DoctorId, ParticipantRole? Role);

    public sealed record ParticipantResponse(Guid DoctorId, string Role, DateTimeOffset AddedAt, string AddedBy);

    public sealed record ConsultationResponse(Guid Id, Guid AppointmentId, Guid PatientId, Guid PrimaryDoctorId, string Status,
        string? ChiefComplaint, IReadOnlyList<DiagnosisBody> Diagnoses, string? Notes, IReadOnlyList<ParticipantResponse> Participants,
        DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, DateTimeOffset? AbandonedAt, string? AbandonReason)
    {
        public static ConsultationResponse From(ConsultationView c) => new(c.Id, c.AppointmentId, c.PatientId, c.PrimaryDoctorId,
            c.Status.ToString(), c.ChiefComplaint, [.. c.Diagnoses.Select(d => new DiagnosisBody(d.Code, d.Description))], c.Notes,
            [.. c.Participants.Select(p => new ParticipantResponse(p.DoctorId, p.Role.ToString(), p.AddedAt, p.AddedBy))],
            c.StartedAt, c.CompletedAt, c.AbandonedAt, c.AbandonReason);
    }

    private static readonly string[] Clinicians = [Roles.Doctor, Roles.HospitalAdmin];

    public static RouteGroupBuilder MapConsultationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/consultations").WithTags("Consultations");
        group.MapPost("/", Start).WithName("StartConsultation")
            .WithSummary("The doctor opens the consultation of an appointment: STARTED, appointment IN_PROGRESS").RequireRoles(Clinicians);
        group.MapGet("/{id:guid}", Get).WithName("GetConsultation").WithSummary("A consultation").RequireRoles(Roles.Staff);
        group.MapPatch("/{id:guid}", Update).WithName("UpdateConsultation")
            .WithSummary("Record chief complaint, diagnoses and notes (IN_PROGRESS)").RequireRoles(Clinicians);
        group.MapPost("/{id:guid}/complete", Complete).WithName("CompleteConsultation")
            .WithSummary("Needs a chief complaint and a diagnosis; completes the appointment too").RequireRoles(Clinicians);
        group.MapPost("/{id:guid}/abandon", Abandon).WithName("AbandonConsultation").WithSummary("Abandon the consultation")
            .RequireRoles(Clinicians);
        group.MapPost("/{id:guid}/participants", AddParticipant).WithName("AddConsultationParticipant")
            .WithSummary("Add a CONSULTING, ASSISTING or SUPERVISING doctor; they are notified HIGH").RequireRoles(Clinicians);
        return group;
    }

    public static async Task<Created<ConsultationResponse>> Start(StartRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var appointmentId = check.Id("appointmentId", request.AppointmentId);
        var complaint = check.OptionalText("chiefComplaint", request.ChiefComplaint, 2000);
        check.ThrowIfInvalid();
        var consultation = await cluster.GetGrain<IConsultationGrain>(appointmentId).Start(complaint, user.ToCaller());
        return TypedResults.Created($"/api/v1/consultations/{consultation.Id}", ConsultationResponse.From(consultation));
    }

    public static async Task<Ok<ConsultationResponse>> Get(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(ConsultationResponse.From(await cluster.GetGrain<IConsultationGrain>(id).Get(user.ToCaller())));

    public static async Task<Ok<ConsultationResponse>> Update(Guid id, UpdateRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        ImmutableArray<Diagnosis>? diagnoses = null;
        if (request.Diagnoses is { } list)
        {
            if (list.Length > 50)
            {
                check.Add("diagnoses", "At most 50 diagnoses.");
            }
            diagnoses = [.. list.Select((d, i) => new Diagnosis(
                check.OptionalText($"diagnoses[{i}].code", d?.Code, 32),
                check.Text($"diagnoses[{i}].description", d?.Description, 500)))];
        }
        var update = new UpdateConsultation(check.OptionalText("chiefComplaint", request.ChiefComplaint, 2000), diagnoses,
            check.OptionalText("notes", request.Notes, 10_000));
        check.ThrowIfInvalid();
        return TypedResults.Ok(ConsultationResponse.From(await cluster.GetGrain<IConsultationGrain>(id).Update(update, user.ToCaller())));
    }

    public static async Task<Ok<ConsultationResponse>> Complete(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(ConsultationResponse.From(await cluster.GetGrain<IConsultationGrain>(id).Complete(user.ToCaller())));

    public static async Task<Ok<ConsultationResponse>> Abandon(Guid id, AbandonRequest? request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var reason = check.OptionalText("reason", request?.Reason, 1000);
        check.ThrowIfInvalid();
        return TypedResults.Ok(ConsultationResponse.From(await cluster.GetGrain<IConsultationGrain>(id).Abandon(reason, user.ToCaller())));
    }

    public static async Task<Ok<ConsultationResponse>> AddParticipant(Guid id, ParticipantRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var doctorId = check.Id("doctorId", request.DoctorId);
        var role = check.Enum("role", request.Role);
        check.ThrowIfInvalid();
        return TypedResults.Ok(ConsultationResponse.From(
            await cluster.GetGrain<IConsultationGrain>(id).AddParticipant(doctorId, role, user.ToCaller())));
    }
}
