// `berth registry` with TLS and htpasswd basic auth, used by skopeo with a CA directory and credentials.
namespace Berth.E2E.Tests;

public sealed class SecuredRegistryTests : IAsyncLifetime
{
    readonly string _secrets = Directory.CreateTempSubdirectory("berth-tls-").FullName;
    RegistryProcess _registry = null!;

    public async Task InitializeAsync()
    {
        (await Tool.RunAsync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", $"{_secrets}/key.pem", "-out", $"{_secrets}/cert.pem"])).Check("openssl");
        var entry = (await Tool.RunAsync("htpasswd", ["-nbB", "alice", "s3cret"])).Check("htpasswd").Output.Trim();
        await File.WriteAllTextAsync($"{_secrets}/htpasswd", entry + "\n");
        _registry = new RegistryProcess(null, "--tls-cert", $"{_secrets}/cert.pem", "--tls-key", $"{_secrets}/key.pem", "--htpasswd", $"{_secrets}/htpasswd");
        await _registry.StartAsync();
        Directory.CreateDirectory($"{_secrets}/certs.d");
        File.Copy($"{_secrets}/cert.pem", $"{_secrets}/certs.d/ca.crt");
    }

    [Fact]
    public async Task Skopeo_pushes_over_verified_tls_with_credentials_and_is_refused_without_them()
    {
        var layout = $"{_secrets}/image";
        await using (var podman = new Podman())
        {
            await podman.BuildLayeredImageAsync("localhost/secure:1.0", layers: 1, bytesPerLayer: 64 << 10, seed: 2);
            (await Tool.RunAsync("skopeo", ["copy", podman.StorageReference("localhost/secure:1.0"), $"oci:{layout}:1.0"])).Check("skopeo copy");
        }
        var remote = $"docker://{_registry.Address}/secure/app:1.0";
        var denied = await Tool.RunAsync("skopeo", ["copy", "--dest-cert-dir", $"{_secrets}/certs.d", $"oci:{layout}:1.0", remote]);
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains("authentication required", denied.Error);

        (await Tool.RunAsync("skopeo", ["copy", "--dest-cert-dir", $"{_secrets}/certs.d", "--dest-creds", "alice:s3cret", $"oci:{layout}:1.0", remote]))
            .Check("skopeo push with credentials over TLS");
        var wrong = await Tool.RunAsync("skopeo", ["inspect", "--cert-dir", $"{_secrets}/certs.d", "--creds", "alice:wrong", remote]);
        Assert.NotEqual(0, wrong.ExitCode);
        (await Tool.RunAsync("skopeo", ["inspect", "--cert-dir", $"{_secrets}/certs.d", "--creds", "alice:s3cret", remote])).Check("skopeo inspect");
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_secrets, recursive: true);
    }
}
