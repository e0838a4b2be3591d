using Hms.Common;
using Orleans.Concurrency;

namespace Hms.Appointments;

/// <summary>Appointment lists, answered from the read model on any silo; the tenant comes from the caller.</summary>
[StatelessWorker]
public sealed class AppointmentQueryGrain(IAppointmentReader appointments) : Grain, IAppointmentQueryGrain
{
    public Task<Page<AppointmentView>> List(AppointmentFilter filter, Caller caller) =>
        // A patient user sees only the appointments of their own patient records.
        appointments.ListAsync(caller.TenantId, filter, caller.IsInAnyRole(Roles.Staff) ? null : caller.UserId);
}
