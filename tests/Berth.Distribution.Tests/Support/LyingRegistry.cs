// A fake registry (Kestrel on loopback) serving a content store read-only, told to misbehave as no real one can be made
// to: wrong bytes for a blob, a first download cut off or stalled halfway, another manifest for a digest, slow blobs.
using System.Collections.Concurrent;
using Berth.Oci;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Berth.Distribution.Tests.Support;

sealed class LyingRegistry : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ContentStore _store;
    readonly ConcurrentDictionary<string, Digest> _tags = new();
    readonly ConcurrentDictionary<Digest, int> _downloads = new();
    int _inFlight;
    int _maxInFlight;

    LyingRegistry(WebApplication app, ContentStore store) => (_app, _store) = (app, store);

    public string Address { get; private set; } = "";

    /// <summary>Blobs served with one byte changed (same length), as a damaged or malicious registry would.</summary>
    public HashSet<Digest> Corrupt { get; } = [];

    /// <summary>Blobs whose first download stops after half the bytes, with the connection closed.</summary>
    public HashSet<Digest> DropFirstDownload { get; } = [];

    /// <summary>Blobs whose first download sends half the bytes, then nothing more while the connection stays open.</summary>
    public HashSet<Digest> StallFirstDownload { get; } = [];

    /// <summary>Manifest digests answered with the bytes of another manifest.</summary>
    public Dictionary<Digest, Digest> SwappedManifests { get; } = [];

    public TimeSpan BlobDelay { get; set; }

    /// <summary>Each request as "METHOD path [Range: …]".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public int MaxConcurrentBlobDownloads => Volatile.Read(ref _maxInFlight);

    public void Tag(string tag, Digest manifest) => _tags[tag] = manifest;

    public static async Task<LyingRegistry> StartAsync(ContentStore store)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var registry = new LyingRegistry(app, store);
        app.Run(registry.HandleAsync);
        await app.StartAsync();
        registry.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Authority;
        return registry;
    }

    async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var range = http.Request.Headers.Range.ToString();
        Requests.Enqueue($"{http.Request.Method} {path}{(range.Length > 0 ? $" Range: {range}" : "")}");
        if (path is "/v2/" or "/v2") { await http.Response.WriteAsync("{}"); return; }
        var manifests = path.LastIndexOf("/manifests/", StringComparison.Ordinal);
        var blobs = path.LastIndexOf("/blobs/", StringComparison.Ordinal);
        if (manifests > 0) await ServeManifestAsync(http, path[(manifests + "/manifests/".Length)..]);
        else if (blobs > 0 && Digest.TryParse(path[(blobs + "/blobs/".Length)..], out var digest)) await ServeBlobAsync(http, digest);
        else http.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    async Task ServeManifestAsync(HttpContext http, string reference)
    {
        var digest = Digest.TryParse(reference, out var d) ? d : _tags.TryGetValue(reference, out var tagged) ? tagged : default(Digest?);
        if (digest is null || !_store.Exists(digest.Value))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("""{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}""");
            return;
        }
        var served = SwappedManifests.GetValueOrDefault(digest.Value, digest.Value);
        var bytes = await File.ReadAllBytesAsync(_store.PathFor(served));
        http.Response.ContentType = ManifestDocument.Parse(bytes, null).MediaType;
        http.Response.Headers["Docker-Content-Digest"] = digest.Value.ToString();
        await http.Response.Body.WriteAsync(bytes);
    }

    async Task ServeBlobAsync(HttpContext http, Digest digest)
    {
        if (!_store.Exists(digest)) { http.Response.StatusCode = StatusCodes.Status404NotFound; return; }
        var inFlight = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, inFlight);
        try
        {
            await Task.Delay(BlobDelay, http.RequestAborted);
            var bytes = await File.ReadAllBytesAsync(_store.PathFor(digest));
            if (Corrupt.Contains(digest)) bytes[bytes.Length / 2] ^= 0xff;
            var start = RangeHeaderValue.TryParse(http.Request.Headers.Range.ToString(), out var range) && range.Ranges.Single().From is { } from ? from : 0;
            http.Response.Headers.AcceptRanges = "bytes";
            http.Response.ContentLength = bytes.Length - start;
            if (start > 0)
            {
                http.Response.StatusCode = StatusCodes.Status206PartialContent;
                http.Response.Headers.ContentRange = $"bytes {start}-{bytes.Length - 1}/{bytes.Length}";
            }
            var first = _downloads.AddOrUpdate(digest, 1, (_, n) => n + 1) == 1;
            if (first && (DropFirstDownload.Contains(digest) || StallFirstDownload.Contains(digest)))
            {
                await http.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                await http.Response.Body.FlushAsync();
                // The pause lets the client read what was sent: a reset that arrives first discards it in the kernel.
                await PauseAsync(StallFirstDownload.Contains(digest) ? TimeSpan.FromSeconds(30) : TimeSpan.FromMilliseconds(200), http.RequestAborted);
                http.Abort();
                return;
            }
            await http.Response.Body.WriteAsync(bytes.AsMemory((int)start));
        }
        finally { Interlocked.Decrement(ref _inFlight); }
    }

    // Holds the response open, sending nothing, until the time is up or the client gives up on it.
    static async Task PauseAsync(TimeSpan time, CancellationToken aborted)
    {
        try { await Task.Delay(time, aborted); }
        catch (OperationCanceledException) { }
    }

    static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
