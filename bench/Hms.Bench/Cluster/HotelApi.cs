using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Hms.Bench.Cluster;

/// <summary>The hotel routes as a front desk's client uses them: a token per hotel (dev-token route), rooms, the cut-off, bookings.</summary>
public sealed class HotelApi(Uri address) : ApiClient(address)
{
    /// <summary>A UTC hotel with one room type of <paramref name="rooms"/> rooms at 80 EUR a night; its first-night fee policy is the default.</summary>
    public async Task<BenchHotel> CreateHotelAsync(string hotelId, int rooms)
    {
        var token = await Expect(HttpStatusCode.OK, await Http.PostAsJsonAsync("/api/dev/token",
            new { sub = "bench-admin", roles = new[] { "HOTEL_ADMIN", "FRONT_DESK" }, tenantId = hotelId, expiresInMinutes = 1440 }));
        var auth = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        await Expect(HttpStatusCode.Created, await SendAsync(auth, HttpMethod.Post, "/api/v1/hotels", new { name = "Bench " + hotelId, timeZone = "Etc/UTC" }));
        var type = await Expect(HttpStatusCode.Created, await SendAsync(auth, HttpMethod.Post, "/api/v1/hotels/current/room-types",
            new { code = "STD", name = "Standard", nightlyRate = 80, currency = "EUR" }));
        var typeId = type.GetProperty("id").GetString()!;
        for (var n = 1; n <= rooms; n++)
        {
            await Expect(HttpStatusCode.Created, await SendAsync(auth, HttpMethod.Post, "/api/v1/hotels/current/rooms",
                new { number = n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), roomTypeId = typeId }));
        }
        return new BenchHotel(hotelId, auth, typeId);
    }

    /// <summary>Moves the hotel's no-show cut-off to <paramref name="localTime"/> ("HH:mm").</summary>
    public async Task SetCutoffAsync(BenchHotel hotel, string localTime) =>
        await Expect(HttpStatusCode.OK, await SendAsync(hotel.Token, HttpMethod.Patch, "/api/v1/hotels/current", new { settings = new { noShowCutoff = localTime } }));

    /// <summary>One booking of one night from <paramref name="arrival"/>, timed.</summary>
    public async Task<(HttpStatusCode Status, double Ms)> BookAsync(BenchHotel hotel, DateOnly arrival, int guest)
    {
        var clock = Stopwatch.StartNew();
        using var response = await SendAsync(hotel.Token, HttpMethod.Post, "/api/v1/hotels/current/reservations", new
        {
            guestName = $"Guest {guest}", guestEmail = $"guest{guest}@example.org", roomTypeId = hotel.RoomTypeId,
            arrivalDate = arrival.ToString("yyyy-MM-dd"), departureDate = arrival.AddDays(1).ToString("yyyy-MM-dd"),
        });
        await response.Content.LoadIntoBufferAsync();
        return (response.StatusCode, clock.Elapsed.TotalMilliseconds);
    }

}

public sealed record BenchHotel(string HotelId, AuthenticationHeaderValue Token, string RoomTypeId);
