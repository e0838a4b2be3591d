using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Patients;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Patients;

public static class PatientEndpoints
{
    /// <summary>A new patient; <c>userId</c> links the patient's own login (the token's subject) when there is one.</summary>
    public sealed record RegisterPatientRequest(string? FirstName, string? LastName, string? Mrn, string? Phone = null,
        string? Email = null, string? UserId = null);

    public sealed record ListQuery(PatientStatus? Status, string? Search, int? Limit, int? Offset);

    public sealed record PatientResponse(Guid Id, string HospitalId, string FirstName, string LastName, string Mrn,
        string? Phone, string? Email, string? UserId, string Status, int NoShowCount, DateTimeOffset? BlockedAt,
        string? BlockedReason, DateTimeOffset CreatedAt)
    {
        public static PatientResponse From(PatientView p) => new(p.Id, p.HospitalId, p.FirstName, p.LastName, p.Mrn,
            p.Phone, p.Email, p.UserId, p.Status.ToString(), p.NoShowCount, p.BlockedAt, p.BlockedReason, p.CreatedAt);
    }

    public static RouteGroupBuilder MapPatientEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/patients").WithTags("Patients");
        group.MapPost("/", Register).WithName("RegisterPatient").WithSummary("Register a patient (MRN unique per hospital)")
            .RequireRoles(Roles.HospitalAdmin, Roles.Receptionist, Roles.Nurse, Roles.Doctor);
        group.MapGet("/", List).WithName("ListPatients").WithSummary("The hospital's patients, by status or name/MRN search")
            .RequireRoles(Roles.Staff);
        group.MapGet("/{id:guid}", Get).WithName("GetPatient").WithSummary("A patient, with no-show count and block status")
            .RequireAuthorization();
        group.MapPost("/{id:guid}/unblock", Unblock).WithName("UnblockPatient")
            .WithSummary("Lift a no-show block; the no-show count starts again from zero").RequireRoles(Roles.HospitalAdmin);
        return group;
    }

    public static async Task<Created<PatientResponse>> Register(RegisterPatientRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new RegisterPatient(
            check.Text("firstName", request.FirstName, 100),
            check.Text("lastName", request.LastName, 100),
            check.Text("mrn", request.Mrn, 64),
            check.OptionalText("phone", request.Phone, 32),
            check.OptionalText("email", request.Email, 254),
            check.OptionalText("userId", request.UserId, 128));
        if (command.Email is { } email && !email.Contains('@', StringComparison.Ordinal))
        {
            check.Add("email", "email must be an e-mail address.");
        }
        check.ThrowIfInvalid();
        var patient = await cluster.GetGrain<IPatientGrain>(Guid.NewGuid()).Register(command, user.ToCaller());
        return TypedResults.Created($"/api/v1/patients/{patient.Id}", PatientResponse.From(patient));
    }

    public static async Task<Ok<PageResponse<PatientResponse>>> List([AsParameters] ListQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var filter = new PatientFilter(query.Status,
            check.OptionalText("search", query.Search, 100), check.Paging(query.Limit, query.Offset));
        check.ThrowIfInvalid();
        var page = await cluster.GetGrain<IPatientQueryGrain>(0).List(filter, user.ToCaller());
        return TypedResults.Ok(PageResponse.From(page, PatientResponse.From));
    }

    public static async Task<Ok<PatientResponse>> Get(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(PatientResponse.From(await cluster.GetGrain<IPatientGrain>(id).Get(user.ToCaller())));

    public static async Task<Ok<PatientResponse>> Unblock(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(PatientResponse.From(await cluster.GetGrain<IPatientGrain>(id).Unblock(user.ToCaller())));
}
