using Npgsql;
using Hms.Common;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Hms.Api.Hosting;

/// <summary>
/// The API is an Orleans client: it finds gateways through the ADO.NET membership table
/// (<c>Cluster:Clustering=AdoNet</c>, the default) or on localhost ports (<c>Localhost</c>, demos and tests).
/// </summary>
public static class OrleansClientSetup
{
    public static WebApplicationBuilder AddHmsOrleansClient(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection("Cluster");
        var clusterId = cluster["ClusterId"] ?? "hms";
        var serviceId = cluster["ServiceId"] ?? "hms";
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            if (string.Equals(cluster["Clustering"], "Localhost", StringComparison.OrdinalIgnoreCase))
            {
                var ports = (cluster["GatewayPorts"] ?? cluster["GatewayPort"] ?? "30000")
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(int.Parse).ToArray();
                client.UseLocalhostClustering(ports, serviceId, clusterId);
            }
            else
            {
                var connectionString = builder.Configuration.GetConnectionString("Hms")
                    ?? throw new InvalidOperationException("ConnectionStrings__Hms is required to find the cluster's gateways.");
                var database = NpgsqlDataSource.Create(connectionString);
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.DataSource = database;
                });
            }
            if (cluster.GetValue<TimeSpan?>("GatewayListRefreshPeriod") is { } refresh)
            {
                // How soon the API notices silos that joined or left (Orleans' default is one minute).
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = refresh);
            }
            if (Telemetry.Traces(builder.Configuration))
            {
                client.AddActivityPropagation();
            }
            var tlsSettings = builder.Configuration.GetSection(ClusterTls.Section);
            if (ClusterTls.From(tlsSettings["CertificatePath"], tlsSettings["CertificatePassword"], tlsSettings["AuthorityPath"]) is { } tls)
            {
                // The gateways ask for this certificate; the API accepts only gateways the cluster's authority signed.
                client.UseTls(tls.Certificate, o =>
                {
                    o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                    o.RemoteCertificateValidation = (peer, _, _) => tls.Trusts(peer);
                });
            }
            client.UseConnectionRetryFilter<WaitForCluster>();
        });
        return builder;
    }

    /// <summary>An API started before its silos waits for them (up to five minutes) instead of failing.</summary>
    private sealed class WaitForCluster(ILogger<WaitForCluster> logger) : IClientConnectionRetryFilter
    {
        private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(5);
        private readonly DateTime _started = DateTime.UtcNow;

        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            if (DateTime.UtcNow - _started > GiveUpAfter)
            {
                return false;
            }
            logger.LogWarning("Cluster not reachable yet ({Message}); retrying", exception.Message);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            return true;
        }
    }
}
