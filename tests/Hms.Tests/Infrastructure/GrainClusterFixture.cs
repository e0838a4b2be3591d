using System.Collections.Immutable;
using Hms.Common;
using Hms.KpiAlerts;
using Hms.Silo.KpiAlerts;
using Hms.Silo.Notifications;
using Hms.Silo.Database;
using Hms.Silo.Hosting;
using Hms.Silo.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Configuration;
using Orleans.Reminders;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Hms.Tests.Infrastructure;

/// <summary>
/// Two silos in an Orleans <see cref="InProcessTestCluster"/>: memory grain storage (with one-shot
/// write faults on demand) and memory reminders (minimum period lowered), the PostgreSQL read model of a database of its own, and one fake clock
/// for grains and reminders alike. Shared by the <see cref="GrainCollection"/>; each test uses fresh
/// hospitals and ids, and only ever moves the clock forward. Grains' own timers (an active deadline
/// grain's wake-up) run in real time: with the clock moved in jumps, reminders do the handling here.
/// </summary>
public class GrainClusterFixture : IAsyncLifetime
{
    private readonly bool _stillReminders;

    public GrainClusterFixture() : this(stillReminders: false)
    {
    }

    /// <param name="stillReminders">Reminders on a clock of their own that never moves: no reminder ever ticks.</param>
    protected GrainClusterFixture(bool stillReminders) => _stillReminders = stillReminders;

    /// <summary>Friday 27 March 2026, 07:00 UTC: Europe/Berlin changes to summer time that Sunday.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 27, 7, 0, 0, TimeSpan.Zero);

    private NpgsqlDataSource? _database;

    public FakeTimeProvider Clock { get; } = new(Start);

    public string ConnectionString { get; private set; } = "";

    /// <summary>Where the KPI alerts' report mail goes (real SMTP on loopback).</summary>
    public SmtpSink Smtp { get; } = new(Ports.Free());

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>
    /// Makes the next write of <paramref name="grain"/>'s state named <paramref name="stateName"/> fail,
    /// as if storage were down for it (the fault grain is keyed by state name).
    /// </summary>
    public Task FailNextWriteOf(string stateName, IAddressable grain) =>
        Client.GetGrain<IStorageFaultGrain>(stateName).AddFaultOnWrite(grain.GetGrainId(), new IOException("Injected storage failure"));

    /// <summary>
    /// The reminders <paramref name="grain"/> holds in the cluster's reminder table, by name, with the
    /// instant of their first tick: a deadline armed right is a reminder whose first tick is its instant,
    /// and a deadline disarmed is a reminder that is gone, so no tick can come any more.
    /// </summary>
    public async Task<ImmutableDictionary<string, DateTimeOffset>> RemindersOf(IAddressable grain)
    {
        var table = Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var rows = await table.ReadRows(grain.GetGrainId());
        return rows.Reminders.ToImmutableDictionary(r => r.ReminderName,
            r => new DateTimeOffset(DateTime.SpecifyKind(r.StartAt, DateTimeKind.Utc)));
    }

    /// <summary>
    /// Brings the fake clock onto <paramref name="instant"/> (<see cref="FakeClock.ReachAsync"/>) and waits
    /// in real time, without moving the clock again, until <paramref name="probe"/> satisfies
    /// <paramref name="done"/>: whatever fires at the instant is handled with the clock reading exactly the instant.
    /// </summary>
    public async Task<T> At<T>(DateTimeOffset instant, Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        await Clock.ReachAsync(instant);
        return await Eventually.Until(probe, done, what: what);
    }

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("grains");
        _database = NpgsqlDataSource.Create(ConnectionString);
        await new SchemaMigrator(_database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        await SecretsSetup.EnsureKeyAsync(new ConfigurationBuilder().Build(), _database);

        Smtp.Start();
        var builder = new InProcessTestClusterBuilder(initialSilosCount: (short)(_stillReminders ? 1 : 2));
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddHmsGrainServices(host.Configuration, _database);
            host.Services.Configure<DeadlineOptions>(o => o.RetryPeriod = TimeSpan.FromSeconds(5));
            host.Services.AddKeyedSingleton<TimeProvider>(HmsClock.Key, Clock);
            host.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, _stillReminders ? new FakeTimeProvider(Start) : Clock);
            host.Services.AddSingleton<IReportMailer>(new SmtpReportMailer(new SenderSettings.SmtpSettings
            {
                Host = "127.0.0.1", Port = Smtp.Port, Security = "None",
            }));
        });
        builder.ConfigureSilo((_, silo) =>
        {
            // Memory storage that a test can make fail once for a chosen grain (IStorageFaultGrain).
            silo.Services.AddFaultInjectionMemoryStorage(StoreNames.Hms,
                configureFaultInjectionOptions: o => o.Configure(f => f.Latency = TimeSpan.Zero));
            // Stored with the Orleans serializer as on PostgreSQL (src/Hms.Silo/Hosting/OrleansSiloSetup.cs), so a
            // grain activated again reads its state back (the memory provider's JSON default cannot).
            silo.Services.AddOptions<MemoryGrainStorageOptions>(StoreNames.Hms)
                .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            silo.UseInMemoryReminderService();
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Smtp.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class GrainCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "Grains";
}

/// <summary>
/// One silo whose reminders never tick (their clock never moves): what handles a deadline here is the
/// grain's own wake-up timer, which runs in real time while the grains' clock is the fake one.
/// </summary>
public sealed class StillRemindersFixture() : GrainClusterFixture(stillReminders: true);

/// <summary>The hotel tests: a cluster of their own, so their clock can travel to the dates their rules name (DST days).</summary>
[CollectionDefinition(Name)]
public sealed class HotelCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "Hotels";
}
