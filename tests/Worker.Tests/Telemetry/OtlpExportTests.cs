using System.Text;
using Canic.Fsm.Worker.Cli;
using Canic.Fsm.Worker.Tests.Support;

namespace Canic.Fsm.Worker.Tests.Telemetry;

/// <summary>
/// <c>Otel:Endpoint</c>: the real worker process sends its traces and metrics over OTLP (gRPC, the default, and HTTP/protobuf) to a collector on
/// loopback (here a minimal one that records what it receives), and a bad value is refused before anything opens.
/// </summary>
[NonParallelizable]
public class OtlpExportTests
{
    // grpc is the default (no Otel:Protocol given); each signal has its own gRPC method or HTTP path.
    [TestCase(null, "/opentelemetry.proto.collector.trace.v1.TraceService/Export", "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", "application/grpc")]
    [TestCase("http/protobuf", "/v1/traces", "/v1/metrics", "application/x-protobuf")]
    public async Task With_an_endpoint_the_worker_exports_attempt_and_IC_call_spans_and_its_counters_over_OTLP(
        string? protocol, string tracesPath, string metricsPath, string contentType)
    {
        await using var collector = protocol is null ? (IOtlpCollector)await OtlpGrpcReceiver.StartAsync(FreePort.Next()) : new OtlpReceiver(FreePort.Next());
        var directory = Directory.CreateTempSubdirectory("canic-otlp-").FullName;
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        string[] arguments =
        [
            "run", $"--Database:Path={Path.Combine(directory, "w.db")}", $"--Ic:StateFile={Path.Combine(directory, "ic.db")}",
            $"--Admin:Url={url}", "--Pool:MinimumSize=1", "--Pool:CheckInterval=00:00:00.200",
            $"--Roles:app:ModulePath={TestModule.WriteTo(directory)}", $"--Otel:Endpoint={collector.Url}",
        ];
        if (protocol is not null) arguments = [.. arguments, $"--Otel:Protocol={protocol}"];
        var worker = WorkerProcess.Start(arguments,
            new Dictionary<string, string> { ["OTEL_BSP_SCHEDULE_DELAY"] = "200", ["OTEL_METRIC_EXPORT_INTERVAL"] = "500" });
        try
        {
            using var http = WorkerProcess.Client(url, null);
            await Eventually.Until(async () => worker.HasExited ? -1 : await StatusAsync(http, "/ready"), s => s is 200 or -1,
                TimeSpan.FromSeconds(60), "worker ready");
            Assert.That(worker.HasExited, Is.False, worker.Output);
            using var provision = await http.PostAsync("/api/provision", new StringContent("{\"role\":\"app\"}", Encoding.UTF8, "application/json"));
            Assert.That((int)provision.StatusCode, Is.EqualTo(200), await provision.Content.ReadAsStringAsync());

            // Protobuf keeps strings as UTF-8: the span and instrument names can be found in the bodies.
            string Bodies(string path) => string.Join("\n", collector.Received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));
            var traces = await Eventually.Until(() => Task.FromResult<string?>(Bodies(tracesPath)),
                t => t!.Contains("canic.provisioning_attempt") && t.Contains("aaaaa-aa/install_code") && t.Contains("canic.pool_reset"),
                TimeSpan.FromSeconds(30), "attempt, reset and IC call spans at the collector");
            Assert.That(traces, Does.Contain("canic.attempt.id").And.Contain("ic.outcome").And.Contain("canic-fsm"));
            var metrics = await Eventually.Until(() => Task.FromResult<string?>(Bodies(metricsPath)),
                m => m!.Contains("canic.provisioning") && m.Contains("canic.pool"), TimeSpan.FromSeconds(30), "counters at the collector");
            Assert.That(metrics, Does.Contain("Canic.Fsm.Orchestration"));
            Assert.That(collector.Received.Select(r => r.ContentType), Is.All.EqualTo(contentType));
        }
        finally
        {
            await worker.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase("--Otel:Endpoint=collector:4317", "Otel:Endpoint")]
    [TestCase("--Otel:Protocol=udp", "Otel:Protocol")]
    public async Task A_bad_telemetry_setting_is_refused_with_its_key_and_nothing_is_opened(string setting, string key)
    {
        var directory = Directory.CreateTempSubdirectory("canic-otlp-").FullName;
        try
        {
            var database = Path.Combine(directory, "w.db");
            var (code, output) = await WorkerProcess.RunToEndAsync(["run", $"--Database:Path={database}", $"--Admin:Url=http://127.0.0.1:{FreePort.Next()}", setting]);

            Assert.That(code, Is.EqualTo(ExitCodes.BadUsage), output);
            Assert.That(output, Does.Contain(key));
            Assert.That(File.Exists(database), Is.False);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<int> StatusAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }
}
