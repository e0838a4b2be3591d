using System.Diagnostics;
using System.Net.Http.Json;
using Hms.Bench.Cluster;
using Npgsql;

namespace Hms.Bench.Peers;

/// <summary>
/// The seeds' booking design (bench/Hms.BookingPeer) as its own process on schema <c>peer</c> of the
/// run's database, seeded with the hospitals, doctors and patients our API created, under the same
/// ids, so the same booking plan and the same tokens drive it.
/// </summary>
public sealed class BookingPeerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BookingPeerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public static async Task<BookingPeerProcess> StartAsync(string connectionString, IReadOnlyList<Staffed> group, string log)
    {
        var port = Deployment.FreePort();
        var process = Deployment.Start(Repo.BookingPeerDll, [], new()
        {
            ["ConnectionStrings__Peer"] = connectionString,
            ["Auth__SigningKey"] = Deployment.SigningKey,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["DOTNET_NOLOGO"] = "1",
        }, Repo.LogPath(log));
        var peer = new BookingPeerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await Deployment.WaitReadyAsync(new Uri(peer.Address, "/health/ready")); // the schema exists once it answers
            await SeedAsync(connectionString, group);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync(); // a failed start must not leave the peer running after the bench exits
            throw;
        }
    }

    /// <summary>Transactions the peer ran again after a serialization failure and after a unique violation, and bookings it gave up.</summary>
    public async Task<(long Serialization, long Unique, long GivenUp)> RetriesAsync()
    {
        using var http = new HttpClient { BaseAddress = Address };
        var retries = await http.GetFromJsonAsync<Retries>("/retries");
        return (retries!.Serialization, retries.Unique, retries.GivenUp);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>The rows our API's seeding created (src/Hms.Bench/Cluster/HospitalApi.cs): UTC hospitals with the
    /// default 30-day horizon, doctors with 15-minute slots, 2,000 patients a day, 00:00–23:59 every day, active patients.</summary>
    private static async Task SeedAsync(string connectionString, IReadOnlyList<Staffed> group)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var batch = database.CreateBatch();
        void Add(string sql, params string[][] values)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }
            batch.BatchCommands.Add(command);
        }
        Add("INSERT INTO peer.hospitals SELECT DISTINCT h, 'Etc/UTC', 30 FROM unnest($1::text[]) AS h",
            group.Select(g => g.Hospital.TenantId).ToArray());
        Add("INSERT INTO peer.doctors SELECT d, h, 15, 2000, true, true FROM unnest($1::text[], $2::text[]) AS t(d, h)",
            group.Select(g => g.DoctorId).ToArray(), group.Select(g => g.Hospital.TenantId).ToArray());
        Add("INSERT INTO peer.schedules SELECT d, w, '00:00', '23:59', NULL, NULL, true FROM unnest($1::text[]) AS d, generate_series(0, 6) AS w",
            group.Select(g => g.DoctorId).ToArray());
        Add("INSERT INTO peer.patients SELECT p, h, 'ACTIVE' FROM unnest($1::text[], $2::text[]) AS t(p, h)",
            group.Select(g => g.PatientId).ToArray(), group.Select(g => g.Hospital.TenantId).ToArray());
        await batch.ExecuteNonQueryAsync();
    }

    private sealed record Retries(long Serialization, long Unique, long GivenUp);
}
