using Hms.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Hms.Jobs;

/// <summary>A tenant's job executions, from the read model on any silo; a tenant sees its own only.</summary>
[StatelessWorker]
public sealed class JobRunQueryGrain(IJobRunReader runs, [FromKeyedServices(HmsClock.Key)] TimeProvider clock) : Grain, IJobRunQueryGrain
{
    public Task<Page<JobExecution>> List(JobExecutionFilter filter, Paging paging, Caller caller) =>
        runs.ExecutionsAsync(caller.TenantId, filter, paging);

    public async Task<JobExecution> Get(Guid id, Caller caller) =>
        await runs.ExecutionAsync(caller.TenantId, id) ?? throw Errors.NotFound("job_not_found", "No such job execution.");

    public Task<JobExecutionStats> Stats(int days, Caller caller) => runs.StatsAsync(caller.TenantId, clock.GetUtcNow().AddDays(-days));
}
