using System.Diagnostics;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Durability;

/// <summary>
/// The README's walk-through (scripts/try-it.sh) run as a user runs it — bash, curl and jq against a
/// started system: a real silo process and a real API process on PostgreSQL — so it cannot rot.
/// </summary>
[Trait("Category", "Durability")]
public sealed class TryItTests
{
    [Fact]
    public async Task TheWalkThroughShowsANoShowAStageAlertAConfirmedReminderAnEscalationAndAReport()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var silo = deployment.StartSilo();
        await silo.WaitReadyAsync();
        await using var api = SiloProcess.StartApi(new Dictionary<string, string>
        {
            ["ConnectionStrings__Hms"] = deployment.ConnectionString,
            ["Cluster__GatewayListRefreshPeriod"] = "00:00:02",
            ["Auth__SigningKey"] = Tokens.SigningKey,
            ["Auth__DevTokens"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await api.WaitReadyAsync();

        var script = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(Repo.Root, "scripts", "try-it.sh") },
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["HMS_API_PORT"] = api.HttpPort.ToString(), ["HMS_ZONE"] = "Asia/Kolkata", ["HMS_WAIT_SECONDS"] = "200" },
        };
        using var run = Process.Start(script)!;
        var output = run.StandardOutput.ReadToEndAsync();
        var errors = run.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await run.WaitForExitAsync(limit.Token);
        var said = await output + await errors;

        Assert.True(run.ExitCode == 0, $"try-it.sh exited with {run.ExitCode}:\n{said}\n---- silo ----\n{silo.Output}\n---- api ----\n{api.Output}");
        Assert.Contains("NO_SHOW: Roy", said);
        Assert.Contains("\"reason\":\"AUTO_TIMEOUT\"", said);
        Assert.Contains("NO_VITALS: Asha", said);
        Assert.Contains("{\"action\":\"CONFIRM\",\"done\":true,\"status\":\"CONFIRMED\"", said);
        Assert.Contains("CONFIRMED: Mara", said);
        Assert.Contains("[\"CREATED\",\"AT_RISK_WARNED\",\"ESCALATED\"]", said);
        var report = said.Split('\n').Single(l => l.StartsWith("report: ", StringComparison.Ordinal))["report: ".Length..].Split(' ')[0];
        Assert.Equal("%PDF-"u8.ToArray(), (await File.ReadAllBytesAsync(report))[..5]);
        File.Delete(report);
    }
}
