// The cluster CA and the API server's serving certificate, made on first start into <data-dir>/tls and reused
// afterwards, so kubeconfigs written once keep verifying. SANs cover 127.0.0.1, ::1, localhost and the bind address.
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Berth.ApiServer.Hosting;

public sealed record ServingCertificates(string CaPath, X509Certificate2 Serving)
{
    public static ServingCertificates LoadOrCreate(string dataDir, IPAddress bindAddress)
    {
        var dir = Path.Combine(dataDir, "tls");
        Directory.CreateDirectory(dir);
        var (caPath, caKeyPath) = (Path.Combine(dir, "ca.crt"), Path.Combine(dir, "ca.key"));
        var (certPath, keyPath) = (Path.Combine(dir, "serving.crt"), Path.Combine(dir, "serving.key"));
        if (!File.Exists(caPath) || !File.Exists(caKeyPath))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=berth-ca", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(10));
            WritePrivate(caKeyPath, key.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(caPath, ca.ExportCertificatePem());
            File.Delete(certPath);
        }
        if (!File.Exists(certPath) || !File.Exists(keyPath)) IssueServing(caPath, caKeyPath, certPath, keyPath, bindAddress);
        // Kestrel on Linux wants an exportable key; a PEM-loaded certificate is re-imported through PKCS#12 for that.
        using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        var serving = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        return new ServingCertificates(caPath, serving);
    }

    static void IssueServing(string caPath, string caKeyPath, string certPath, string keyPath, IPAddress bindAddress)
    {
        using var ca = X509Certificate2.CreateFromPemFile(caPath, caKeyPath);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=berth-apiserver", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddDnsName("kubernetes");
        san.AddDnsName("kubernetes.default");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        if (!bindAddress.Equals(IPAddress.Any) && !bindAddress.Equals(IPAddress.Loopback)) san.AddIpAddress(bindAddress);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var cert = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(5), serial);
        WritePrivate(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, cert.ExportCertificatePem());
    }

    static void WritePrivate(string path, string contents)
    {
        File.WriteAllText(path, "");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, contents);
    }
}
