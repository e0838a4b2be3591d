using Hms.Common;
using Hms.Doctors;
using Hms.Hospitals;
using Hms.Patients;

namespace Hms.Appointments;

/// <summary>What a valid booking request resolved to.</summary>
public sealed record BookingContext(
    HospitalView Hospital, PatientView Patient, DoctorView Doctor, DateTimeOffset SlotStartsAt, DateTimeOffset NoShowDueAt);

/// <summary>
/// The booking validations that need other grains, in the seed's order (seed 001 §6); the slot
/// itself is then taken by the doctor's day grain. The first rule broken is the one reported.
/// </summary>
public static class BookingCheck
{
    public static async Task<BookingContext> RunAsync(IGrainFactory grains, BookAppointment command, Caller caller, DateTimeOffset now)
    {
        var patient = await grains.GetGrain<IPatientGrain>(command.PatientId).Find();
        if (patient is null || patient.HospitalId != caller.TenantId)
        {
            throw Errors.NotFound("patient_not_found", "Patient not found.");
        }
        if (caller.IsInRole(Roles.Patient) && !caller.IsInAnyRole(Roles.Staff) && patient.UserId != caller.UserId)
        {
            throw Errors.Forbidden("not_own_patient_record", "Patients can only book for themselves.");
        }
        if (patient.Status == PatientStatus.BLOCKED)
        {
            throw Errors.Forbidden("patient_blocked",
                "Patient is blocked from booking appointments due to repeated no-shows. Please contact the hospital.");
        }

        var doctor = await grains.GetGrain<IDoctorGrain>(command.DoctorId).Find();
        if (doctor is null || doctor.HospitalId != caller.TenantId)
        {
            throw Errors.NotFound("doctor_not_found", "Doctor not found.");
        }
        if (!doctor.IsAvailable)
        {
            throw Errors.BadRequest("doctor_unavailable", "Doctor is not available for appointments.");
        }
        if (!doctor.IsActive)
        {
            throw Errors.BadRequest("doctor_inactive", "Doctor is not active.");
        }

        var hospital = await grains.GetGrain<IHospitalGrain>(caller.TenantId).Find()
            ?? throw Errors.NotFound("hospital_not_found", "Hospital not found.");
        var zone = ZonedTime.Zone(hospital.TimeZone);
        var today = ZonedTime.Today(now, zone);
        if (command.AppointmentDate < today)
        {
            throw Errors.BadRequest("date_in_past", "Cannot book appointments in the past.");
        }
        if (command.AppointmentDate > today.AddDays(hospital.Settings.BookingHorizonDays))
        {
            throw Errors.BadRequest("date_too_far",
                $"Cannot book more than {hospital.Settings.BookingHorizonDays} days in advance.");
        }

        var slotStartsAt = ZonedTime.ToInstant(command.AppointmentDate, command.StartTime, zone);
        var noShowDueAt = NoShowRules.DueAt(slotStartsAt, doctor.SlotDurationMinutes);
        if (noShowDueAt <= now)
        {
            throw Errors.BadRequest("date_in_past", "This slot has already ended.");
        }
        return new BookingContext(hospital, patient, doctor, slotStartsAt, noShowDueAt);
    }
}
