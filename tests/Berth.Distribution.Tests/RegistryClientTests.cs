// How the client reaches a registry: plain HTTP only for loopback and registries marked insecure, and failures
// to connect reported with the address and what to do.
using System.Net.Sockets;
using Berth.Distribution.Tests.Support;

namespace Berth.Distribution.Tests;

public sealed class RegistryClientTests
{
    [Theory]
    [InlineData("localhost:5000", "http://localhost:5000/")]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("[::1]:5000", "http://[::1]:5000/")]
    [InlineData("localhost", "http://localhost/")]
    [InlineData("registry.example.com", "https://registry.example.com/")]
    [InlineData("registry.example.com:5000", "https://registry.example.com:5000/")]
    [InlineData("docker.io", "https://registry-1.docker.io/")]
    public void Loopback_registries_use_http_and_all_others_https(string registry, string expected)
    {
        using var client = new RegistryClient(registry);
        Assert.Equal(expected, client.BaseAddress.ToString());
    }

    [Theory]
    [InlineData("build.internal:5000", "http://build.internal:5000/")]
    [InlineData("lab.internal:443", "http://lab.internal:443/")]
    [InlineData("other.internal:5000", "https://other.internal:5000/")]
    public void Registries_marked_insecure_use_http_by_host_or_by_host_and_port(string registry, string expected)
    {
        var options = new RegistryClientOptions { InsecureRegistries = ["build.internal:5000", "lab.internal"] };
        using var client = new RegistryClient(registry, options);
        Assert.Equal(expected, client.BaseAddress.ToString());
    }

    [Fact]
    public async Task Unreachable_registry_is_reported_as_connection_refused_with_its_address()
    {
        var port = FreePort.Next();
        using var client = new RegistryClient($"localhost:{port}");

        var error = await Assert.ThrowsAsync<RegistryClientException>(() => client.GetManifestAsync("app", "1.0"));

        Assert.Equal($"cannot reach registry localhost:{port}: connection refused (nothing listens on localhost:{port}; "
            + "start the registry or check the address)", error.Message);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task Https_to_a_registry_that_serves_plain_http_says_to_mark_it_insecure()
    {
        await using var registry = await BerthRegistry.StartAsync();
        // "registry.test" must not look like loopback, or the client would not try TLS; the connection still goes to loopback.
        var port = new Uri($"http://{registry.Address}").Port;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync("127.0.0.1", port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new RegistryClient($"registry.test:{port}", handler: handler);

        var error = await Assert.ThrowsAsync<RegistryClientException>(() => client.GetManifestAsync("app", "1.0"));

        Assert.StartsWith($"registry registry.test:{port} does not speak HTTPS (the TLS handshake with registry.test:{port} failed: ", error.Message);
        Assert.EndsWith($"if it serves plain HTTP, mark it insecure with --insecure-registry registry.test:{port}", error.Message);
    }

    [Fact]
    public void A_registry_name_with_a_path_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new RegistryClient("localhost:5000/team"));
        Assert.StartsWith("registry \"localhost:5000/team\" is not a host or host:port", error.Message);
    }
}
