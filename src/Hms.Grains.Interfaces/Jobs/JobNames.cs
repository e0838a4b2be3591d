using System.Text.Json.Serialization;
using Hms.Common;

namespace Hms.Jobs;

/// <summary>The name a job's runs are recorded under (e.g. <c>NO_SHOW_DEADLINE</c>); each capability declares its own.</summary>
[Immutable, JsonConverter(typeof(NameJsonConverter<JobName>))]
public readonly record struct JobName(string Name) : IName<JobName>
{
    public static JobName Named(string name) => new(name);

    public override string ToString() => Name;
}

/// <summary>Where a job run is: scheduled (PENDING), under way (RUNNING), or how it ended.</summary>
[Immutable, JsonConverter(typeof(NameJsonConverter<JobStatus>))]
public readonly record struct JobStatus(string Name) : IName<JobStatus>
{
    public static readonly JobStatus Pending = new("PENDING");
    public static readonly JobStatus Running = new("RUNNING");
    public static readonly JobStatus Completed = new("COMPLETED");
    public static readonly JobStatus Failed = new("FAILED");

    public static JobStatus Named(string name) => new(name);

    public override string ToString() => Name;
}

/// <summary>What started a run: its own reminder, a person, an external scheduler, or a cron route.</summary>
[Immutable, JsonConverter(typeof(NameJsonConverter<RunSource>))]
public readonly record struct RunSource(string Name) : IName<RunSource>
{
    public static readonly RunSource Reminder = new("reminder");
    public static readonly RunSource Manual = new("manual");
    public static readonly RunSource External = new("external");
    public static readonly RunSource Cron = new("cron");

    public static RunSource Named(string name) => new(name);

    public override string ToString() => Name;
}

[RegisterSerializer]
public sealed class JobNameCodec : NameCodec<JobName>;

[RegisterSerializer]
public sealed class JobStatusCodec : NameCodec<JobStatus>;

[RegisterSerializer]
public sealed class RunSourceCodec : NameCodec<RunSource>;
