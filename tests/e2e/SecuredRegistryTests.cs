// `berth registry` with TLS and htpasswd basic auth, used by skopeo with a CA directory and credentials.
namespace Berth.E2E.Tests;

public sealed class SecuredRegistryTests : RegistryTest
{
    public override async Task InitializeAsync()
    {
        (await Tool.RunAsync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", $"{Work}/key.pem", "-out", $"{Work}/cert.pem"])).Check("openssl");
        var entry = (await Tool.RunAsync("htpasswd", ["-nbB", "alice", "s3cret"])).Check("htpasswd").Output.Trim();
        await File.WriteAllTextAsync($"{Work}/htpasswd", entry + "\n");
        Directory.CreateDirectory($"{Work}/certs.d");
        File.Copy($"{Work}/cert.pem", $"{Work}/certs.d/ca.crt");
        await base.InitializeAsync();
    }

    protected override RegistryProcess CreateRegistry() =>
        new(null, "--tls-cert", $"{Work}/cert.pem", "--tls-key", $"{Work}/key.pem", "--htpasswd", $"{Work}/htpasswd");

    [Fact]
    public async Task Skopeo_pushes_over_verified_tls_with_credentials_and_is_refused_without_them()
    {
        var image = await MakeImageLayoutAsync("secure", layers: 1, bytesPerLayer: 64 << 10, seed: 2);
        var remote = Remote("secure/app:1.0");
        var certs = $"{Work}/certs.d";
        var denied = await Skopeo("copy", "--dest-cert-dir", certs, image, remote);
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains("authentication required", denied.Error);

        (await Skopeo("copy", "--dest-cert-dir", certs, "--dest-creds", "alice:s3cret", image, remote)).Check("skopeo push with credentials over TLS");
        Assert.NotEqual(0, (await Skopeo("inspect", "--cert-dir", certs, "--creds", "alice:wrong", remote)).ExitCode);
        (await Skopeo("inspect", "--cert-dir", certs, "--creds", "alice:s3cret", remote)).Check("skopeo inspect with credentials");
    }
}
