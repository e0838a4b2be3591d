using System.Net;
using Hms.KpiAlerts;
using Hms.Silo.Http;
using Hms.Silo.KpiAlerts;
using Hms.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hms.Tests.KpiAlerts;

/// <summary>
/// A tenant names a KPI source's URL, so calls to it are the API's own outbound requests
/// (src/Hms.Silo/Http/OutboundHttp.cs): internal addresses — loopback, cloud metadata, private ranges —
/// are refused unless the operator allows them, redirects are not followed, answers are capped, and the
/// tenant hears a stable code, never the target's text, status or socket details.
/// </summary>
public sealed class CubeSourceSafetyTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 27, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("169.254.169.254")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.5")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::7")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    public void InternalAddressesAreRefusedByDefault(string address) =>
        Assert.False(Policy("").Allows(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::6810:84e5")]
    public void PublicAddressesAreAllowed(string address) => Assert.True(Policy("").Allows(IPAddress.Parse(address)));

    [Fact]
    public void TheOperatorAllowsNamedNetworksOnly()
    {
        var policy = Policy("127.0.0.1/32, 10.20.0.0/16");
        Assert.True(policy.Allows(IPAddress.Parse("127.0.0.1")));
        Assert.True(policy.Allows(IPAddress.Parse("10.20.30.40")));
        Assert.False(policy.Allows(IPAddress.Parse("127.0.0.2")));
        Assert.False(policy.Allows(IPAddress.Parse("10.21.0.1")));
        Assert.False(policy.Allows(IPAddress.Parse("169.254.169.254")));
        Assert.Throws<InvalidOperationException>(() => Policy("10.0.0.0/33"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/cubejs-api/v1")]
    [InlineData("http://localhost:{port}/cubejs-api/v1")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/cubejs-api/v1")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.255.255.1:8080/cubejs-api/v1")]
    public async Task AnInternalSourceIsRefusedBeforeAnyRequestReachesIt(string url)
    {
        await using var cube = new CubeStub(Ports.Free());
        var port = new Uri(cube.BaseUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var services = Services(allowedNetworks: "");
        var refused = await Assert.ThrowsAsync<KpiSourceException>(() => Read(services, url.Replace("{port}", port, StringComparison.Ordinal)));

        Assert.Equal(KpiSourceException.Refused, refused.Code);
        Assert.Empty(cube.Requests);
    }

    [Fact]
    public async Task ARedirectIsNotFollowedAndTheTenantSeesOnlyTheCode()
    {
        await using var cube = new CubeStub(Ports.Free()) { RedirectTo = "http://169.254.169.254/latest/meta-data/iam" };
        await using var services = Services(allowedNetworks: "127.0.0.1/32");

        var failed = await Assert.ThrowsAsync<KpiSourceException>(() => Read(services, cube.BaseUrl));

        Assert.Equal(KpiSourceException.Unavailable, failed.Code);
        Assert.Single(cube.Requests);
        Assert.DoesNotContain("169.254", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("302", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTargetsErrorTextAndStatusStayInTheLog()
    {
        await using var cube = new CubeStub(Ports.Free()) { Failure = (500, "db at 10.0.0.5:5432 refused user cube_admin") };
        await using var services = Services(allowedNetworks: "127.0.0.1/32");

        var failed = await Assert.ThrowsAsync<KpiSourceException>(() => Read(services, cube.BaseUrl));

        Assert.Equal(KpiSourceException.Unavailable, failed.Code);
        Assert.Equal("The KPI source answered with an error. (kpi_source_unavailable)", failed.Message);
    }

    [Fact]
    public async Task AnOversizedAnswerIsCutOff()
    {
        await using var cube = new CubeStub(Ports.Free()) { Padding = 2 * 1024 * 1024 };
        await using var services = Services(allowedNetworks: "127.0.0.1/32");

        var failed = await Assert.ThrowsAsync<KpiSourceException>(() => Read(services, cube.BaseUrl));

        Assert.Equal(KpiSourceException.InvalidAnswer, failed.Code);
        cube.Padding = 0;
        cube.Data = """[{"Visits.count":"17"}]""";
        Assert.Equal(17m, (await Read(services, cube.BaseUrl)).Single().Value); // the same source within the cap is read
    }

    [Fact]
    public async Task AnUnreachableSourceIsUnavailable()
    {
        await using var services = Services(allowedNetworks: "127.0.0.1/32");

        var failed = await Assert.ThrowsAsync<KpiSourceException>(() => Read(services, $"http://127.0.0.1:{Ports.Free()}/cubejs-api/v1"));

        Assert.Equal(KpiSourceException.Unavailable, failed.Code);
        Assert.DoesNotContain("refused", failed.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static OutboundAddresses Policy(string allowedNetworks) =>
        new(Microsoft.Extensions.Options.Options.Create(new OutboundOptions { AllowedNetworks = allowedNetworks }));

    private static ServiceProvider Services(string allowedNetworks)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Outbound:AllowedNetworks"] = allowedNetworks,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddOutboundHttpClient(nameof(CubeKpiSource), TimeSpan.FromSeconds(2));
        services.AddSingleton<CubeKpiSource>();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddSingleton<Hms.Common.ISecretBox, Hms.Silo.Secrets.DataProtectionSecretBox>();
        return services.BuildServiceProvider();
    }

    private static Task<IReadOnlyList<KpiPoint>> Read(ServiceProvider services, string baseUrl) =>
        services.GetRequiredService<CubeKpiSource>().SeriesAsync(new KpiSource(KpiSourceKind.CUBE, baseUrl, null, "{}"), "Visits.count", At.AddDays(-1), At,
            CancellationToken.None);
}
