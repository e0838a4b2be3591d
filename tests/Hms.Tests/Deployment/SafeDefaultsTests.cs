using System.Text.RegularExpressions;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Deployment;

/// <summary>
/// What ships for production starts safe: compose refuses to start without the operator's secrets and
/// mints no development tokens; the images run as an unprivileged user.
/// </summary>
public sealed partial class SafeDefaultsTests
{
    private static string File(string path) => System.IO.File.ReadAllText(Path.Combine(Repo.Root, path));

    [Theory]
    [InlineData("POSTGRES_PASSWORD")]
    [InlineData("DASHBOARD_PASSWORD")]
    [InlineData("AUTH_SIGNING_KEY")]
    public void ComposeHasNoDefaultForASecretAndRefusesToStartWithoutIt(string secret)
    {
        var compose = File("docker-compose.yml");
        Assert.DoesNotMatch(new Regex(@"\$\{" + secret + @":?-"), compose);
        Assert.Matches(new Regex(@"\$\{" + secret + @":\?[^}]+\}"), compose);
    }

    [Fact]
    public void ComposeMintsNoDevelopmentTokensAndKeepsTheDashboardsOnTheHost()
    {
        var compose = File("docker-compose.yml");
        Assert.Contains("Auth__DevTokens: \"false\"", compose);
        Assert.DoesNotMatch(DevTokensOn(), compose);
        Assert.All(PublishedPorts().Matches(compose).Select(m => m.Groups[1].Value).Where(p => p != "8080"),
            port => Assert.Contains($"\"127.0.0.1:{port}:", compose));
    }

    [Fact]
    public void ComposeKeepsTheSiloAndGatewayPortsOnAnInternalNetwork()
    {
        var compose = File("docker-compose.yml");
        Assert.Matches(new Regex(@"cluster:\s*\n\s*internal: true"), compose);
        // Each silo listens on its address on that network only, and neither cluster port is published.
        foreach (var address in new[] { "172.28.0.11", "172.28.0.12" })
        {
            Assert.Contains($"Cluster__ListenIP: {address}", compose);
            Assert.Contains($"cluster: {{ ipv4_address: {address} }}", compose);
        }
        Assert.DoesNotContain(PublishedPorts().Matches(compose).Select(m => m.Groups[1].Value), p => p is "11111" or "30000");
    }

    [Theory]
    [InlineData("src/Hms.Silo/Dockerfile")]
    [InlineData("src/Hms.Api/Dockerfile")]
    public void ImagesRunAsAnUnprivilegedUser(string dockerfile)
    {
        var lines = File(dockerfile).Split('\n').Select(l => l.Trim()).ToList();
        var lastFrom = lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var user = lines.FindLastIndex(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.True(user > lastFrom, "the final stage sets a USER");
        Assert.DoesNotContain("root", lines[user], StringComparison.Ordinal);
        Assert.True(lines.FindLastIndex(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)) > user, "the process starts after USER");
    }

    [GeneratedRegex(@"Auth__DevTokens:\s*""?true", RegexOptions.IgnoreCase)]
    private static partial Regex DevTokensOn();

    [GeneratedRegex(@"-\s*""(?:[\d.]+:)?(\d+):\d+""")]
    private static partial Regex PublishedPorts();
}
