using Hms.Common;
using Hms.Doctors;
using Hms.Hospitals;
using Hms.Patients;

namespace Hms.Appointments;

/// <summary>What a valid booking request resolved to.</summary>
public sealed record BookingContext(
    HospitalView Hospital, PatientView Patient, DoctorView Doctor, TimeOnly EndTime,
    DateTimeOffset SlotStartsAt, DateTimeOffset NoShowDueAt);

/// <summary>
/// The 14 booking validations, in their fixed order; the first rule broken is the one
/// reported. Rules 1–12 are checked here; 13 (slot taken) and 14 (day full) are decided atomically
/// by the doctor's day grain when it reserves the slot, and the patient's own grain re-checks 3
/// atomically when it holds the time.
/// </summary>
public static class BookingCheck
{
    public static async Task<BookingContext> RunAsync(IGrainFactory grains, BookAppointment command, Caller caller,
        DateTimeOffset now, Guid appointmentId)
    {
        var date = command.AppointmentDate;
        var start = command.StartTime;

        // 1. Patient exists (in the caller's hospital; a patient user books only for themselves).
        var patientGrain = grains.GetGrain<IPatientGrain>(command.PatientId);
        var patient = await patientGrain.Find();
        if (patient is null || patient.HospitalId != caller.TenantId)
        {
            throw Errors.NotFound("patient_not_found", "Patient not found.");
        }
        if (!PatientAccess.MayActFor(patient, caller))
        {
            throw Errors.Forbidden("not_own_patient_record", "Patients can only book for themselves.");
        }
        // 2. Patient blocked.
        if (patient.Status == PatientStatus.BLOCKED)
        {
            throw Errors.Forbidden("patient_blocked",
                "Patient is blocked from booking appointments due to repeated no-shows. Please contact the hospital.");
        }
        // 3. Patient already booked at that date and time.
        if (await patientGrain.IsBookedAt(date, start, appointmentId))
        {
            throw Errors.Conflict("patient_double_booked",
                $"The patient already has an appointment on {date:yyyy-MM-dd} at {start:HH\\:mm}.");
        }
        // 4. Doctor exists.
        var doctor = await grains.GetGrain<IDoctorGrain>(command.DoctorId).Find();
        if (doctor is null || doctor.HospitalId != caller.TenantId)
        {
            throw Errors.NotFound("doctor_not_found", "Doctor not found.");
        }
        // 5. Doctor available. 6. Doctor active.
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
        var end = start.AddMinutes(doctor.SlotDurationMinutes);
        var slotStartsAt = ZonedTime.ToInstant(date, start, zone);
        var noShowDueAt = NoShowRules.DueAt(slotStartsAt, doctor.SlotDurationMinutes);
        // 7. Date in the past (today: a slot that has already ended counts as past).
        if (date < today || noShowDueAt <= now)
        {
            throw Errors.BadRequest("date_in_past", "Cannot book appointments in the past.");
        }
        // 8. More than the booking horizon ahead.
        if (date > today.AddDays(hospital.Settings.BookingHorizonDays))
        {
            throw Errors.BadRequest("date_too_far",
                $"Cannot book more than {hospital.Settings.BookingHorizonDays} days in advance.");
        }
        // 9. Hospital holiday.
        if (hospital.IsHoliday(date))
        {
            throw Errors.BadRequest("hospital_holiday", $"The hospital is closed on {date:yyyy-MM-dd}.");
        }
        // 10. Doctor absence.
        if (doctor.ActiveAbsences.FirstOrDefault(a => a.Covers(date, start, end)) is { } absence)
        {
            throw Errors.BadRequest("doctor_absent", $"The doctor is absent ({absence.Type}) at that time.");
        }
        // 11. Within schedule hours. 12. Not during the break. Then: a slot must start there.
        var schedule = doctor.Schedules.FirstOrDefault(s => s.DayOfWeek == date.DayOfWeek && s.IsActive);
        if (schedule is null || start < schedule.StartTime || end > schedule.EndTime || end < start)
        {
            throw Errors.BadRequest("outside_schedule", "The time is outside the doctor's working hours for that day.");
        }
        if (schedule is { BreakStart: { } breakStart, BreakEnd: { } breakEnd } && start < breakEnd && breakStart < end)
        {
            throw Errors.BadRequest("during_break", $"The doctor is on a break from {breakStart:HH\\:mm} to {breakEnd:HH\\:mm}.");
        }
        if (!Doctors.SlotGenerator.IsOnSchedule(doctor, date, start, end))
        {
            throw Errors.BadRequest("not_a_slot", $"{start:HH\\:mm} is not the start of one of this doctor's slots.");
        }
        return new BookingContext(hospital, patient, doctor, end, slotStartsAt, noShowDueAt);
    }
}
