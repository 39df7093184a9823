// Berth's registry hosted in the test process on a loopback port the kernel picks, with its own root directory,
// removed on dispose.
using Berth.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Distribution.Tests.Support;

sealed class BerthRegistry : ITestRegistry
{
    readonly WebApplication _app;
    readonly TempDir _root;

    BerthRegistry(WebApplication app, TempDir root, string address) => (_app, _root, Address) = (app, root, address);

    public string Address { get; }

    public static async Task<BerthRegistry> StartAsync(string? htpasswd = null)
    {
        var root = new TempDir();
        var app = RegistryServer.Build(new RegistryOptions { Listen = "127.0.0.1:0", Root = root.Path, Htpasswd = htpasswd });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new BerthRegistry(app, root, new Uri(bound).Authority);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _root.Dispose();
    }
}
