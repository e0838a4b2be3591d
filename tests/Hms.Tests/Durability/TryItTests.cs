using System.Diagnostics;
using Hms.Tests.Infrastructure;
using Hms.Tests.WebConsole;
using Microsoft.Playwright;

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
        var tenant = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = ReadLinesAsync(run.StandardOutput, line =>
        {
            if (line.StartsWith("== hospital ", StringComparison.Ordinal))
            {
                tenant.TrySetResult(line.Split(' ')[2]);
            }
        });
        var errors = run.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        // The console, opened on the walk-through's hospital as it starts, shows Asha's NO_VITALS as it happens.
        var board = WatchTheBoardAsync(api.HttpPort, await tenant.Task.WaitAsync(limit.Token));
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
        await board;
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string> onLine)
    {
        var all = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            all.AppendLine(line);
            onLine(line);
        }
        return all.ToString();
    }

    /// <summary>
    /// A nurse signed in to the console (development token) of the started API sees the NO_VITALS alert
    /// arrive; how long after its deadline it was on screen goes to TestResults/console/alert-latency.txt.
    /// </summary>
    private static async Task WatchTheBoardAsync(int apiPort, string tenantId)
    {
        var address = new Uri($"http://127.0.0.1:{apiPort}");
        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(address);
        await page.GotoAsync("/console/");
        await page.GetByLabel("Tenant (hospital or hotel id)").FillAsync(tenantId);
        await page.GetByLabel("NURSE").CheckAsync();
        await page.Locator("#dev-sign-in button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#feed-state")).ToHaveTextAsync("● live");
        var row = page.Locator("#alert-table tr[data-type=NO_VITALS]");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 300_000 });
        var seen = DateTimeOffset.UtcNow;
        await Assertions.Expect(row).ToContainTextAsync("Asha");
        await page.ShotAsync("walk-through-board");

        using var admin = new HttpClient { BaseAddress = address };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.For(tenantId, Hms.Common.Roles.HospitalAdmin));
        var runs = await ApiFlow.Expect(System.Net.HttpStatusCode.OK, await admin.GetAsync("/api/jobs?jobName=NO_VITALS_DEADLINE"));
        var due = runs.GetProperty("jobs")[0].GetProperty("dueAt").GetDateTimeOffset();
        await File.AppendAllTextAsync(Path.Combine(ConsoleBrowser.Screenshots, "alert-latency.txt"),
            $"{DateTimeOffset.UtcNow:O} walk-through (real silo and API processes, real clock): NO_VITALS on the board {(seen - due).TotalMilliseconds:0} ms after its deadline\n");
    }
}
