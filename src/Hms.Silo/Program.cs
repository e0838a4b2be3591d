using Hms.Silo.Database;
using Hms.Silo.Hosting;
using Hms.Silo.Secrets;
using Npgsql;

namespace Hms.Silo;

/// <summary>
/// <c>Hms.Silo</c> runs a silo; <c>Hms.Silo migrate</c> only applies the database migrations (and makes the first secrets key).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "migrate")
        {
            return await MigrateAsync(args[1..]);
        }
        var app = SiloApp.Build(args);
        await app.PrepareAsync();
        await app.RunAsync();
        return 0;
    }

    private static async Task<int> MigrateAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var connectionString = configuration.GetConnectionString("Hms");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync("ConnectionStrings__Hms is not set.");
            return 2;
        }
        await using var database = NpgsqlDataSource.Create(connectionString);
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var applied = await new SchemaMigrator(database, logging.CreateLogger<SchemaMigrator>()).MigrateAsync();
        await SecretsSetup.EnsureKeyAsync(configuration, database);
        Console.WriteLine($"Database is up to date ({applied} migration(s) applied, {SchemaMigrator.All.Count} known).");
        return 0;
    }
}
