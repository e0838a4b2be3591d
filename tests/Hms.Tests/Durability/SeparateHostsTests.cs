using System.Net;
using System.Net.Http.Headers;
using Hms.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hms.Tests.Durability;

/// <summary>
/// Silos on separate hosts, not all on 127.0.0.1: PostgreSQL, two silos and the API each run in a network namespace
/// of their own (tests/Hms.Tests/Infrastructure/TestNetwork.cs), reaching one another only over a private network.
/// Each silo advertises its own address (<c>Cluster:AdvertisedIP</c>); the API finds both gateways in the membership
/// table. One silo's host dies a second before twelve NO_SHOW deadlines (its link goes down, then its silo is
/// SIGKILLed: no reset reaches anyone, as when a machine loses power): each deadline is handled once, those that
/// needed host A (its reminders, or grains it held) by host B once membership declares A dead, and the API keeps
/// answering through the surviving gateway.
/// Needs root and iproute2.
/// </summary>
[Trait("Category", "Durability")]
public sealed class SeparateHostsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ASiloHostDyingAsDeadlinesFallDueLosesOrRepeatsNoneAndTheApiFailsOver()
    {
        using var network = TestNetwork.Create();
        var databaseHost = network.AddHost("pg", 2);
        var hostA = network.AddHost("a", 11);
        var hostB = network.AddHost("b", 12);
        var apiHost = network.AddHost("api", 20);
        await using var postgres = await PrivatePostgres.StartAsync(databaseHost, network.Cidr);
        await using var deployment = await PostgresDeployment.CreateAsync(server: postgres.Server);
        var doomed = deployment.StartSilo(extra: AdvertisedOn(hostA), host: hostA);
        var survivor = deployment.StartSilo(extra: AdvertisedOn(hostB), host: hostB);
        await Task.WhenAll(doomed.WaitReadyAsync(), survivor.WaitReadyAsync());
        await using var api = SiloProcess.StartApi(new Dictionary<string, string>
        {
            ["ConnectionStrings__Hms"] = deployment.ConnectionString,
            ["Cluster__GatewayListRefreshPeriod"] = "00:00:02",
            ["Auth__SigningKey"] = Tokens.SigningKey,
            ["Logging__LogLevel__Default"] = "Warning",
        }, apiHost);
        await api.WaitReadyAsync();

        // Each silo is in the membership table at its own host's address, silo and gateway port: what the API connects to.
        var members = await TestPostgres.QueryAsync(deployment.ConnectionString,
            "SELECT address || ':' || port || ' gateway ' || proxyport FROM orleansmembershiptable WHERE status = 3 ORDER BY address",
            r => r.GetString(0));
        Assert.Equal([$"{hostA.Address}:{doomed.SiloPort} gateway {doomed.GatewayPort}", $"{hostB.Address}:{survivor.SiloPort} gateway {survivor.GatewayPort}"],
            members);

        var flow = await ApiFlow.CreateAsync((tenant, roles) => Http(api, tenant, roles), "Etc/UTC", slotDuration: 1);
        const int count = 12;
        var pairs = new List<(string Doctor, string Patient)>();
        for (var i = 0; i < count; i++)
        {
            pairs.Add((await flow.AddDoctorAsync(slotDuration: 1), await flow.AddPatientAsync()));
        }
        await flow.WarmUpBookingAsync();
        var (date, start, dueAt) = MinuteDeadline.Next(TimeSpan.FromSeconds(15));
        var appointments = await Task.WhenAll(pairs.Select(p => flow.BookAsync(p.Patient, p.Doctor, date, start)));
        Assert.True(DateTimeOffset.UtcNow < dueAt.AddSeconds(-1), "every booking must be in before the host dies");

        // Host A dies 1 s before the deadlines: silent first (the other silo must miss two 1 s probes to notice), then gone.
        await MinuteDeadline.Until(dueAt.AddSeconds(-1));
        TestNetwork.Unplug(hostA);
        doomed.Kill();
        var diedAt = DateTimeOffset.UtcNow;

        // Host B declares A dead; the API then answers through B's gateway: five registrations in a row succeed
        // within a bounded retry (a call may fail while a grain it needs still lives on A in B's directory).
        await Eventually.Until(() => deployment.CountAsync(
                "SELECT count(*) FROM orleansmembershiptable WHERE address = $1 AND status = 6", hostA.Address), n => n == 1,
            TimeSpan.FromSeconds(60), "host A declared dead\n" + deployment.SiloLogs);
        var declaredDead = DateTimeOffset.UtcNow - diedAt;
        await Eventually.Until(async () => await Succeeds(flow.AddPatientAsync) && await Succeeds(flow.AddPatientAsync)
                && await Succeeds(flow.AddPatientAsync) && await Succeeds(flow.AddPatientAsync) && await Succeeds(flow.AddPatientAsync),
            ok => ok, TimeSpan.FromSeconds(90), $"the API registers patients after host A died\n{api.Output}\n{deployment.SiloLogs}");
        output.WriteLine($"host A died {diedAt:O}: declared dead {declaredDead.TotalSeconds:F1} s later, " +
            $"the API answering five calls in a row {(DateTimeOffset.UtcNow - diedAt).TotalSeconds:F1} s later");

        await Eventually.Until(() => deployment.CountAsync("SELECT count(*) FROM no_show_logs WHERE appointment_id = ANY($1)", appointments),
            n => n >= count, TimeSpan.FromSeconds(90), "every deadline handled by host B\n" + deployment.SiloLogs);
        await deployment.NoRemindersLeftAsync(appointments, "every NO_SHOW deadline disarmed");
        var ids = appointments.Select(a => a.ToString()).ToArray();
        Assert.Equal(0, await deployment.CountAsync(
            "SELECT count(*) FROM (SELECT appointment_id FROM no_show_logs WHERE appointment_id = ANY($1) GROUP BY 1 HAVING count(*) <> 1) d", appointments));
        Assert.Equal(count, await deployment.CountAsync("SELECT count(DISTINCT appointment_id) FROM no_show_logs WHERE appointment_id = ANY($1)", appointments));
        var lateness = await TestPostgres.QueryAsync(deployment.ConnectionString,
            "SELECT lateness_ms FROM job_runs WHERE subject_id = ANY($1) AND job_name = 'NO_SHOW_DEADLINE' AND status = 'COMPLETED'",
            r => r.GetDouble(0), [ids]);
        Assert.Equal(count, lateness.Count); // one completed run per appointment, none twice
        Assert.Equal(count, await deployment.CountAsync(
            "SELECT count(DISTINCT subject_id) FROM job_runs WHERE subject_id = ANY($1) AND job_name = 'NO_SHOW_DEADLINE' AND status = 'COMPLETED'", [ids]));

        // The API reads every appointment as NO_SHOW, whichever silo its grain lived on before.
        foreach (var appointment in appointments)
        {
            var seen = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments/{appointment}"));
            Assert.Equal("NO_SHOW", seen.GetProperty("status").GetString());
        }
        // A deadline that needed host A (its reminder, or a grain A held) waited for A to be declared dead, seconds after
        // the deadline; one that needed only B was handled on time. With none delayed, A's death would have tested nothing.
        var delayed = lateness.Count(ms => ms > 500);
        output.WriteLine($"{delayed} of {count} deadlines waited for host A's death, the last handled {lateness.Max() / 1000:F1} s after its deadline");
        Assert.True(delayed > 0, "no deadline needed host A: its death tested nothing\n" + deployment.SiloLogs);
        Assert.False(survivor.HasExited);
    }

    /// <summary>The silo advertises, and listens on, its host's address only (src/Hms.Silo/Hosting/SiloSettings.cs).</summary>
    private static Dictionary<string, string> AdvertisedOn(NetworkHost host) => new()
    {
        ["Cluster__AdvertisedIP"] = host.Address,
        ["Cluster__ListenIP"] = host.Address,
    };

    private static HttpClient Http(SiloProcess api, string tenant, string[] roles)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://{api.Address}:{api.HttpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(tenant, roles));
        return http;
    }

    private static async Task<bool> Succeeds(Func<Task<string>> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
        {
            return false;
        }
    }
}
