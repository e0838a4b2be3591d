using Hms.Common;

namespace Hms.Hospitals;

/// <summary>Bounds of the per-hospital settings.</summary>
public static class HospitalRules
{
    public static void EnsureValid(HospitalSettings s)
    {
        Ensure(s.BookingHorizonDays is >= 1 and <= 365, "bookingHorizonDays must be between 1 and 365.");
        Ensure(s.NoShowBlockThreshold is >= 1 and <= 100, "noShowBlockThreshold must be between 1 and 100.");
        Ensure(s.VitalsAlertBufferMinutes is >= 0 and <= 240, "vitalsAlertBufferMinutes must be between 0 and 240.");
        Ensure(s.DoctorAlertBufferMinutes is >= 0 and <= 240, "doctorAlertBufferMinutes must be between 0 and 240.");
        Ensure(s.WaitingTooLongMinutes is >= 1 and <= 720, "waitingTooLongMinutes must be between 1 and 720.");
        Ensure(s.SlotGenerationDays is >= 1 and <= HospitalSettings.MaxSlotGenerationDays,
            $"slotGenerationDays must be between 1 and {HospitalSettings.MaxSlotGenerationDays}.");
        Ensure(s.WaitlistOfferMinutes is null or (>= 1 and <= HospitalSettings.MaxWaitlistOfferMinutes),
            $"waitlistOfferMinutes must be between 1 and {HospitalSettings.MaxWaitlistOfferMinutes}.");
    }

    private static void Ensure(bool condition, string message)
    {
        if (!condition)
        {
            throw Errors.BadRequest("invalid_settings", message);
        }
    }
}
