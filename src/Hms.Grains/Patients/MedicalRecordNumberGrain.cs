using Hms.Common;

namespace Hms.Patients;

[GenerateSerializer, Alias("Hms.MedicalRecordNumberState")]
public sealed record class MedicalRecordNumberState
{
    [Id(0)] public Guid? PatientId { get; init; }
}

/// <summary>Makes a medical record number unique within its hospital: the first patient to claim it keeps it.</summary>
public sealed class MedicalRecordNumberGrain(
    [PersistentState("mrn", StoreNames.Hms)] IPersistentState<MedicalRecordNumberState> state) : Grain, IMedicalRecordNumberGrain
{
    public static string Key(string hospitalId, string mrn) => $"{hospitalId}/{mrn.Trim().ToUpperInvariant()}";

    public async Task<bool> Claim(Guid patientId)
    {
        if (state.State.PatientId is { } owner)
        {
            return owner == patientId;
        }
        state.State = new MedicalRecordNumberState { PatientId = patientId };
        await state.WriteStateAsync();
        return true;
    }

    public async Task Release(Guid patientId)
    {
        if (state.State.PatientId == patientId)
        {
            state.State = new MedicalRecordNumberState();
            await state.WriteStateAsync();
        }
    }
}
