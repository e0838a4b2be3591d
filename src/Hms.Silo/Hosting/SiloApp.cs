using Hms.Silo.Dashboard;
using Hms.Silo.Database;
using Hms.Silo.Deadlines;
using Hms.Silo.Health;
using Hms.Silo.Secrets;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hms.Silo.Hosting;

/// <summary>Builds the silo's web host; used by <see cref="Program"/> and by the tests alike.</summary>
public static class SiloApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var settings = SiloSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.AddHmsSilo(settings);
        builder.AddDashboardAccess();
        builder.AddSiloHealth();
        builder.AddSiloTelemetry();
        customize?.Invoke(builder);

        var app = builder.Build();
        if (settings.Storage == StorageMode.Memory)
        {
            app.Logger.LogWarning(
                "STORAGE MODE Memory: grain state, reminders and membership live in this process only. Nothing is durable; use it for tests and demos.");
        }
        app.UseRequestLog();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapSiloHealth();
        app.MapDashboard();
        app.MapPrometheus();
        app.MapGet("/", () => Results.Redirect(DashboardAccess.Path)).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Before Orleans starts: applies pending migrations (its providers read their queries at start-up)
    /// and makes sure the secrets key ring has its first key (<see cref="SecretsSetup.EnsureKeyAsync"/>). On PostgreSQL it
    /// refuses to start when the reminder options outgrow the database's due window (<see cref="ReminderDueWindow"/>).
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<SiloSettings>();
        if (settings.MigrateOnStart)
        {
            await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        }
        if (settings.Storage == StorageMode.Postgres)
        {
            await ReminderDueWindow.EnsureCoversAsync(app.Services.GetRequiredService<NpgsqlDataSource>(),
                app.Services.GetRequiredService<IOptions<ReminderOptions>>().Value);
        }
        await SecretsSetup.EnsureKeyAsync(app.Configuration, app.Services.GetRequiredService<NpgsqlDataSource>());
    }
}
