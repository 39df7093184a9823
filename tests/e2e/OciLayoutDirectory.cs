// Reads an OCI image layout directory (as skopeo writes it): its blobs, to compare images byte for byte.
namespace Berth.E2E.Tests;

public static class OciLayoutDirectory
{
    /// <summary>Blob digest hex → content hash check result; every blob's content must match its name.</summary>
    public static Dictionary<string, byte[]> Blobs(string layout)
    {
        var blobs = new Dictionary<string, byte[]>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(layout, "blobs", "sha256")))
        {
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(Path.GetFileName(path), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
            blobs[Path.GetFileName(path)] = bytes;
        }
        return blobs;
    }
}
