using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Canic.Fsm.Orchestration.Metrics;

namespace Canic.Fsm.Worker.Metrics;

/// <summary>
/// Listens to the orchestrator's <see cref="Counter{T}"/> of <see cref="long"/> instruments, sums them per tag set,
/// and renders them in the Prometheus text exposition format (version 0.0.4), e.g.
/// <c>canic_provisioning_total{operation="allocate",outcome="completed",reason="pool_reuse",role="app"} 3</c>.
/// Instruments of the same name on several meters are summed into one family. Thread-safe.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The Content-Type of <see cref="Render"/>'s output.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Func<Meter, bool> _meterFilter;
    private readonly ConcurrentDictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly MeterListener _listener;

    /// <summary>Exports the meter named <see cref="OrchestratorMetrics.MeterName"/>.</summary>
    public PrometheusExporter() : this(meter => meter.Name == OrchestratorMetrics.MeterName)
    {
    }

    /// <summary>Exports the counters of the meters <paramref name="meterFilter"/> selects (e.g. one meter instance, in tests).</summary>
    public PrometheusExporter(Func<Meter, bool> meterFilter)
    {
        _meterFilter = meterFilter ?? throw new ArgumentNullException(nameof(meterFilter));
        _listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>The current totals in the Prometheus text format, families and series in ordinal order.</summary>
    public string Render()
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        WriteTo(text);
        return text.ToString();
    }

    /// <summary>Writes the current totals in the Prometheus text format.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var family in _families.Values.Where(f => !f.Series.IsEmpty).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (!string.IsNullOrEmpty(family.Help)) writer.Write($"# HELP {family.Name} {EscapeHelp(family.Help)}\n");
            writer.Write($"# TYPE {family.Name} counter\n");
            foreach (var (labels, total) in family.Series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                var value = Interlocked.Read(ref total.Value).ToString(CultureInfo.InvariantCulture);
                writer.Write(labels.Length == 0 ? $"{family.Name} {value}\n" : $"{family.Name}{{{labels}}} {value}\n");
            }
        }
    }

    /// <summary>A Prometheus counter name for an instrument name: invalid characters become <c>_</c>, and it ends in <c>_total</c>.</summary>
    public static string MetricName(string instrumentName)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        return name.EndsWith("_total", StringComparison.Ordinal) ? name : name + "_total";
    }

    /// <summary>A Prometheus label name for a tag key: invalid characters become <c>_</c>.</summary>
    public static string LabelName(string tagKey) => Sanitize(tagKey, allowColon: false);

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Stops listening; the totals rendered so far stay available.</summary>
    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (instrument is not Counter<long> || !_meterFilter(instrument.Meter)) return;
        var name = MetricName(instrument.Name);
        listener.EnableMeasurementEvents(instrument, _families.GetOrAdd(name, n => new Family(n, instrument.Description)));
    }

    private static void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var family = (Family)state!;
        var total = family.Series.GetOrAdd(Labels(tags), _ => new StrongBox<long>());
        Interlocked.Add(ref total.Value, value);
    }

    // The canonical label set of a measurement: labels sorted by name, values escaped; it is also the series key.
    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty) return "";
        var pairs = new (string Name, string Value)[tags.Length];
        for (var i = 0; i < tags.Length; i++)
            pairs[i] = (LabelName(tags[i].Key), EscapeLabelValue(Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? ""));
        Array.Sort(pairs, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return string.Join(",", pairs.Select(p => $"{p.Name}=\"{p.Value}\""));
    }

    private static string Sanitize(string name, bool allowColon)
    {
        ArgumentNullException.ThrowIfNull(name);
        var result = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) result.Append('_');
        foreach (var c in name)
            result.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        return result.ToString();
    }

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Family(string name, string? help)
    {
        public string Name { get; } = name;
        public string? Help { get; } = help;
        public ConcurrentDictionary<string, StrongBox<long>> Series { get; } = new(StringComparer.Ordinal);
    }
}
