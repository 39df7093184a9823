// A real registry for tests: RegistryServer on a loopback port over a fresh temp root, with HTTP clients
// aimed at it. Restart keeps the root, as an operator's restart would; disposing deletes it.
using Berth.Registry.Storage;
using Microsoft.AspNetCore.Builder;

namespace Berth.Registry.Tests.Support;

public sealed class TestRegistry : IAsyncDisposable
{
    readonly Func<HttpMessageHandler> _handler;
    readonly List<HttpClient> _clients = [];
    WebApplication _app;

    TestRegistry(RegistryOptions options, Func<HttpMessageHandler> handler, WebApplication app, Uri baseAddress)
    {
        (Options, _handler, _app, BaseAddress) = (options, handler, app, baseAddress);
        Client = NewClient();
    }

    public RegistryOptions Options { get; }
    public string Root => Options.Root;
    public Uri BaseAddress { get; private set; }

    /// <summary>A client using the handler the registry was started with (TLS trust, if any).</summary>
    public RegistryClient Client { get; private set; }

    /// <summary>Starts a registry on 127.0.0.1:0 over a new temp root; <paramref name="configure"/> adjusts the options.</summary>
    public static async Task<TestRegistry> StartAsync(
        Func<RegistryOptions, RegistryOptions>? configure = null, Func<HttpMessageHandler>? handler = null)
    {
        var root = Directory.CreateTempSubdirectory("berth-registry-test-").FullName;
        var options = new RegistryOptions { Listen = "127.0.0.1:0", Root = root };
        options = configure?.Invoke(options) ?? options;
        try
        {
            var (app, address) = await ServeAsync(options);
            return new TestRegistry(options, handler ?? (() => new SocketsHttpHandler()), app, address);
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    public RegistryClient NewClient(HttpMessageHandler? handler = null)
    {
        var http = new HttpClient(handler ?? _handler()) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _clients.Add(http);
        return new RegistryClient(http);
    }

    /// <summary>Stops the server and starts a new one on the same root (and a new port); Client follows it.</summary>
    public async Task RestartAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        (_app, BaseAddress) = await ServeAsync(Options);
        Client = NewClient();
    }

    /// <summary>The registry's stores over its root, as `berth registry gc` opens them beside a running server.</summary>
    public RegistryStorage OpenStorage() => new(new FileSystemDriver(Root));

    public string PathOf(string relative) => Path.Join(Root, relative);

    /// <summary>Files under <paramref name="relative"/> (root-relative, '/'-separated), sorted; empty when it does not exist.</summary>
    public IReadOnlyList<string> Files(string relative = "")
    {
        var directory = PathOf(relative);
        if (!Directory.Exists(directory)) return [];
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Sets a stored file's modification time into the past, as if it had been written <paramref name="age"/> ago.</summary>
    public void Age(string relative, TimeSpan age) => File.SetLastWriteTimeUtc(PathOf(relative), DateTime.UtcNow - age);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    static async Task<(WebApplication, Uri)> ServeAsync(RegistryOptions options)
    {
        var app = RegistryServer.Build(options);
        await app.StartAsync();
        // Kestrel reports the port it bound for ":0" once started.
        return (app, new Uri(app.Urls.Single()));
    }
}
