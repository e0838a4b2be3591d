using Hms.Common;

namespace Hms.Consultations;

/// <summary>The consultation rules: open until completed or abandoned; completion needs a chief complaint and a diagnosis; participants once each, never the primary doctor.</summary>
public static class ConsultationRules
{
    public static bool IsFinished(ConsultationStatus status) =>
        status is ConsultationStatus.COMPLETED or ConsultationStatus.ABANDONED;

    public static void EnsureOpen(ConsultationView consultation)
    {
        if (IsFinished(consultation.Status))
        {
            throw Errors.Conflict("consultation_finished", $"The consultation is {consultation.Status}.");
        }
    }

    /// <summary>Completion needs a chief complaint and at least one diagnosis; every missing item is named.</summary>
    public static void EnsureComplete(ConsultationView consultation)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(consultation.ChiefComplaint))
        {
            missing.Add("Chief complaint is required");
        }
        if (consultation.Diagnoses.IsDefaultOrEmpty)
        {
            missing.Add("At least one diagnosis is required");
        }
        if (missing.Count > 0)
        {
            throw Errors.BadRequest("consultation_incomplete", string.Join("; ", missing) + ".");
        }
    }

    public static void EnsureCanAdd(ConsultationView consultation, Guid doctorId, ParticipantRole role)
    {
        EnsureOpen(consultation);
        if (role == ParticipantRole.PRIMARY)
        {
            throw Errors.BadRequest("invalid_participant_role", "The primary doctor is the appointment's doctor; add others as CONSULTING, ASSISTING or SUPERVISING.");
        }
        if (doctorId == consultation.PrimaryDoctorId)
        {
            throw Errors.BadRequest("primary_doctor", "The primary doctor is already on the consultation.");
        }
        if (consultation.Participants.Any(p => p.DoctorId == doctorId))
        {
            throw Errors.Conflict("already_participant", "This doctor already takes part in the consultation.");
        }
    }
}
