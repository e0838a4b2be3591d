using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

/// <summary>
/// A hospital's reminder settings over HTTP (src/Hms.Api/Hospitals/HospitalEndpoints.cs): the defaults a
/// hospital starts with, a change of some fields keeping the others, and bad values refused field by field.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReminderSettingsApiTests(ApiFixture cluster)
{
    private static JsonElement Reminders(JsonElement hospital) => hospital.GetProperty("settings").GetProperty("reminders");

    [Fact]
    public async Task AHospitalRemindsTwentyFourAndTwoHoursAheadOutsideNineToEightUntilItSaysOtherwise()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var reminders = Reminders(await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/hospitals/current")));
        Assert.Equal([1440, 120], reminders.GetProperty("offsetsMinutes").EnumerateArray().Select(o => o.GetInt32()));
        Assert.StartsWith("21:00", reminders.GetProperty("quietHoursStart").GetString());
        Assert.StartsWith("08:00", reminders.GetProperty("quietHoursEnd").GetString());
        Assert.Equal(["sms", "in_app"], reminders.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));

        var changed = Reminders(await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PatchAsJsonAsync("/api/v1/hospitals/current",
            new { settings = new { reminders = new { offsetsMinutes = new[] { 60, 2880 }, channels = new[] { "SMS" } } } })));
        Assert.Equal([2880, 60], changed.GetProperty("offsetsMinutes").EnumerateArray().Select(o => o.GetInt32()));
        Assert.Equal(["sms"], changed.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.StartsWith("21:00", changed.GetProperty("quietHoursStart").GetString());
    }

    [Fact]
    public async Task BadReminderSettingsAreRefusedAndNothingChanges()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        async Task Refused(string field, object reminders)
        {
            var problem = await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
                await flow.Admin.PatchAsJsonAsync("/api/v1/hospitals/current", new { settings = new { reminders } }));
            Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name.StartsWith(field, StringComparison.Ordinal)),
                $"{field} named in {problem}");
        }
        await Refused("settings.reminders.offsetsMinutes", new { offsetsMinutes = new[] { 0 } });
        await Refused("settings.reminders.offsetsMinutes", new { offsetsMinutes = new[] { 20_161 } }); // 14 days and a minute
        await Refused("settings.reminders.offsetsMinutes", new { offsetsMinutes = new[] { 60, 60 } });
        await Refused("settings.reminders.offsetsMinutes", new { offsetsMinutes = new[] { 10, 20, 30, 40, 50, 60 } });
        await Refused("settings.reminders.channels", new { channels = Array.Empty<string>() });
        await Refused("settings.reminders.channels", new { channels = new[] { "FAX" } });
        await Refused("settings.reminders.quietHoursStart", new { quietHoursStart = "25:00" });

        var unchanged = Reminders(await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/hospitals/current")));
        Assert.Equal([1440, 120], unchanged.GetProperty("offsetsMinutes").EnumerateArray().Select(o => o.GetInt32()));
    }
}
