// HTTPS from PEM files: a self-signed certificate made with CertificateRequest; clients that trust exactly
// that certificate get the API, clients that do not (or trust another one) cannot connect.
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Berth.Registry.Tests.Support;

namespace Berth.Registry.Tests;

public sealed class TlsRegistryFixture : IAsyncLifetime
{
    readonly string _directory = Directory.CreateTempSubdirectory("berth-registry-tls-").FullName;

    public X509Certificate2 Certificate { get; private set; } = null!;
    public TestRegistry Registry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var (certificate, certificatePem, keyPem) = SelfSigned();
        Certificate = certificate;
        var (certFile, keyFile) = (Path.Join(_directory, "registry.crt"), Path.Join(_directory, "registry.key"));
        await File.WriteAllTextAsync(certFile, certificatePem);
        await File.WriteAllTextAsync(keyFile, keyPem);
        Registry = await TestRegistry.StartAsync(o => o with { TlsCertificate = certFile, TlsKey = keyFile }, () => Trusting(Certificate));
    }

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        Certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A self-signed server certificate for 127.0.0.1 and localhost, its public part, and both as PEM.</summary>
    public static (X509Certificate2 PublicCertificate, string CertificatePem, string KeyPem) SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=berth-registry-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return (X509CertificateLoader.LoadCertificate(certificate.RawData), certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A handler whose only trust anchor is <paramref name="certificate"/> (host name checks still apply).</summary>
    public static SocketsHttpHandler Trusting(X509Certificate2 certificate) => new()
    {
        SslOptions =
        {
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                CustomTrustStore = { certificate },
            },
        },
    };
}

public sealed class TlsTests(TlsRegistryFixture fixture) : IClassFixture<TlsRegistryFixture>
{
    [Fact]
    public async Task Client_trusting_the_certificate_pushes_and_pulls_over_https()
    {
        var client = fixture.Registry.Client;
        Assert.Equal("https", fixture.Registry.BaseAddress.Scheme);

        using (var ping = await client.GetAsync("/v2/"))
            await RegistryAssert.StatusAsync(ping, HttpStatusCode.OK);
        var content = TestContent.Random(50_000);
        var blob = await client.PushBlobAsync("tls/app", content);
        Assert.Equal(content, await client.GetBlobAsync("tls/app", blob.Digest));
    }

    [Fact]
    public async Task Client_with_default_trust_cannot_connect()
    {
        var client = fixture.Registry.NewClient(new SocketsHttpHandler());

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/v2/"));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task Client_trusting_a_different_certificate_cannot_connect()
    {
        using var other = TlsRegistryFixture.SelfSigned().PublicCertificate;
        var client = fixture.Registry.NewClient(TlsRegistryFixture.Trusting(other));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/v2/"));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task Plain_http_to_the_tls_port_gets_no_api_response()
    {
        var plain = new UriBuilder(fixture.Registry.BaseAddress) { Scheme = "http" }.Uri;
        using var http = new HttpClient { BaseAddress = plain, Timeout = TimeSpan.FromSeconds(10) };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/v2/"));
    }

    [Fact]
    public void Certificate_without_its_key_is_refused_at_startup()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RegistryServer.Build(new RegistryOptions { Listen = "127.0.0.1:0", Root = Path.GetTempPath(), TlsCertificate = "registry.crt" }));
        Assert.Contains("--tls-key", error.Message);
    }
}
