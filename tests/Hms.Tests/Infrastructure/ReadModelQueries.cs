using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Hms.Jobs;

namespace Hms.Tests.Infrastructure;

/// <summary>Counts the read-model queries readers report on the <c>Hms</c> meter (<c>hms.read_model.queries</c>) while it lives.</summary>
public sealed class ReadModelQueries : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _counts = new();
    private readonly MeterListener _listener = new();

    public ReadModelQueries()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HmsMetrics.MeterName && instrument.Name == "hms.read_model.queries")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "query" && tag.Value is string query)
                {
                    _counts.AddOrUpdate(query, value, (_, n) => n + value);
                }
            }
        });
        _listener.Start();
    }

    public long Count(string query) => _counts.GetValueOrDefault(query);

    public void Dispose() => _listener.Dispose();
}
