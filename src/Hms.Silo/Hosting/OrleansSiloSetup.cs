using System.Net;
using Hms.Common;
using Npgsql;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hms.Silo.Hosting;

/// <summary>Orleans on the silo's web host: clustering, grain storage, reminders, dashboard, adapters.</summary>
public static class OrleansSiloSetup
{
    private const string Invariant = "Npgsql";

    public static WebApplicationBuilder AddHmsSilo(this WebApplicationBuilder builder, SiloSettings settings)
    {
        // One data source for the Orleans providers and the read model alike. Nothing here leaves
        // session state on a connection, so pooled connections skip the DISCARD ALL that would
        // otherwise run before each reuse (six per booking, measured by bench/run.sh booking). The
        // same few statements run thousands of times (grain state, reminders, read-model upserts):
        // each connection prepares them once instead of PostgreSQL parsing and planning every call
        // (bench/RESULTS.md, burst). A connection string that sets Max Auto Prepare keeps its value.
        var connection = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { NoResetOnClose = true };
        if (connection.MaxAutoPrepare == 0)
        {
            connection.MaxAutoPrepare = 64;
            connection.AutoPrepareMinUsages = 2;
        }
        var database = new NpgsqlDataSourceBuilder(connection.ConnectionString).TraceOnlyWithinOperations().Build();
        builder.Services.AddHmsGrainServices(builder.Configuration, database);
        builder.Services.AddSingleton<Deadlines.OverdueReminders>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Deadlines.OverdueReminders>());

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Cluster:Membership"));
            // Cluster:Reminders (refresh period, loading window) must stay within the database's reminder due window
            // (Deadlines/ReminderDueWindow.cs checks it at start-up).
            silo.Configure<ReminderOptions>(builder.Configuration.GetSection("Cluster:Reminders"));
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = settings.MinimumReminderPeriod);

            if (settings.Storage == StorageMode.Memory)
            {
                var primary = new IPEndPoint(IPAddress.Loopback, settings.PrimarySiloPort ?? settings.SiloPort);
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, primary, settings.ServiceId, settings.ClusterId);
                silo.AddMemoryGrainStorage(StoreNames.Hms);
                silo.UseInMemoryReminderService();
            }
            else
            {
                silo.ConfigureEndpoints(settings.AdvertisedIp ?? IPAddress.Loopback, settings.SiloPort, settings.GatewayPort,
                    listenOnAnyHostAddress: settings.AdvertisedIp is not null);
                if (settings.ListenIp is { } listen)
                {
                    // Silo and gateway ports on one interface only (an internal network), not on every one.
                    silo.Configure<EndpointOptions>(o =>
                    {
                        o.SiloListeningEndpoint = new IPEndPoint(listen, settings.SiloPort);
                        o.GatewayListeningEndpoint = new IPEndPoint(listen, settings.GatewayPort);
                    });
                }
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.DataSource = database;
                });
                // Grain state is stored with the Orleans serializer the [GenerateSerializer] contracts are
                // written for (the provider's JSON default cannot read immutable collections back).
                silo.AddAdoNetGrainStorage(StoreNames.Hms, options => options.Configure<Serializer>((o, serializer) =>
                {
                    o.Invariant = Invariant;
                    o.DataSource = database;
                    o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }));
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = Invariant;
                    o.DataSource = database;
                });
            }
            if (Telemetry.Traces(builder.Configuration))
            {
                silo.AddActivityPropagation();
            }
            var tlsSettings = builder.Configuration.GetSection(ClusterTls.Section);
            if (ClusterTls.From(tlsSettings["CertificatePath"], tlsSettings["CertificatePassword"], tlsSettings["AuthorityPath"]) is { } tls)
            {
                silo.UseTls(tls.Certificate, o =>
                {
                    o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                    o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                    o.RemoteCertificateValidation = (peer, _, _) => tls.Trusts(peer);
                });
            }
            // The dashboard's Log Stream shows this silo's log as its console does (behind the dashboard's login).
            silo.AddDashboard();
        });
        return builder;
    }
}
